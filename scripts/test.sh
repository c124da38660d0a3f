#!/usr/bin/env bash
# Runs every test: installs the Debian packages the tests use when missing, the Node
# dependencies, starts the shared test services, then builds and tests through turbo.
# Needs root: end-to-end tests create network namespaces and run real DHCP clients.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$want" ]; then
  npm install -g "pnpm@$want" >/dev/null
fi
pnpm install --frozen-lockfile
bash scripts/start-test-services.sh
pnpm test
