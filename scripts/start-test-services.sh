#!/usr/bin/env bash
# Starts the servers the tests talk to. Nothing yet needs a long-running service: tests that need
# DHCP clients, relays or ISC Kea start and stop those processes themselves, by pid.
set -euo pipefail
echo "no shared services needed"
# dockerd (without a bridge) and the stand-in Node 20 base image for the container images' test;
# both are kept between runs.
bash "$(dirname "$0")/container-base-image.sh"
