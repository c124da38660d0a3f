#!/usr/bin/env bash
# Starts the servers the tests talk to and leaves them running (they are kept between runs):
# - MariaDB and PostgreSQL on this machine, for the SQL lease and host backends and kea-admin.
#   Each gets its own data directory under /var/lib/nestor-test, a unix socket there and a TCP
#   listener on loopback; both have a user `nestor` (password `nestor`) that may create databases.
#   Tests make and drop their own databases (names starting with `nestor_t_`).
# - dockerd (without a bridge) and the stand-in Node 20 base image for the container images' test.
# Tests that need DHCP clients, relays, BIND or ISC Kea start and stop those themselves, by pid.
set -euo pipefail
here="$(dirname "$0")"
root=/var/lib/nestor-test
mkdir -p "$root"
bash "$here/test-databases.sh" start
bash "$here/container-base-image.sh"
