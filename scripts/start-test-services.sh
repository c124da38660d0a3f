#!/usr/bin/env bash
# Starts the servers the tests talk to. Nothing yet needs a long-running service: tests that need
# DHCP clients, relays or ISC Kea start and stop those processes themselves, by pid.
set -euo pipefail
echo "no shared services needed"
