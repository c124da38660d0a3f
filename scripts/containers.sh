#!/usr/bin/env bash
# Builds Nestor's three container images (nestor/kea-dhcp6, nestor/kea-dhcp-ddns,
# nestor/kea-ctrl-agent, tag $NESTOR_TAG or latest) from this checkout: builds it when needed,
# stages each daemon with its production dependencies (scripts/container-stage.mjs), then runs
# `docker-compose build`. Extra arguments go to docker-compose build (e.g. a service name).
# The base image (node:20-bookworm-slim, or $NESTOR_BASE_IMAGE) must be present or pullable;
# where no registry is reachable, scripts/container-base-image.sh makes a stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then pnpm install --frozen-lockfile; fi
pnpm build >/dev/null
node scripts/container-stage.mjs
docker-compose build "$@"
