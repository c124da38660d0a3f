#!/usr/bin/env bash
# Installs Nestor's dependencies, builds it and starts the DHCPv6 server in the foreground on the
# shipped configuration (etc/kea/kea-dhcp6.conf). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$want" ]; then
  npm install -g "pnpm@$want"
fi
pnpm install --frozen-lockfile
pnpm build
exec bin/kea-dhcp6 -c etc/kea/kea-dhcp6.conf
