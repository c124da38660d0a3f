#!/usr/bin/env bash
# Installs Nestor's dependencies, builds it and starts the suite in the background with keactrl on
# the shipped configuration (etc/kea/: the DHCPv6 server on loopback and the control agent on
# http://127.0.0.1:8000/), then reports their status. `bin/keactrl stop` stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$want" ]; then
  npm install -g "pnpm@$want"
fi
pnpm install --frozen-lockfile
pnpm build
bin/keactrl start
sleep 1
exec bin/keactrl status
