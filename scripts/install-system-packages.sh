#!/usr/bin/env bash
# Installs, from Debian's packages, what Nestor's tests use: ISC Kea 2.2 (the yardstick and the
# compatibility oracle: kea-dhcp6, kea-lfc, kea-ctrl-agent, kea-shell, kea-admin with perfdhcp;
# kea-doc for the example configurations every program must judge as ISC's do),
# real DHCPv6 clients and relay (dhclient, dhcpcd, dhcrelay), tshark (independent packet
# decoder), BIND 9, MariaDB and PostgreSQL, the network tools for namespaces, and Docker with
# docker-compose and debootstrap for the container images' test (test-e2e/test/containers.test.ts),
# and the C compiler that builds @nestor/udp-native at `pnpm install` (Node's headers come with nodejs).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  kea-dhcp6-server kea-admin kea-ctrl-agent kea-dhcp-ddns-server kea-common kea-doc
  isc-dhcp-client isc-dhcp-relay dhcpcd-base
  tshark bind9 bind9-utils bind9-dnsutils
  mariadb-server mariadb-client postgresql postgresql-client
  iproute2 iputils-ping procps util-linux openssl ca-certificates
  gcc libc6-dev
  docker.io docker-compose debootstrap
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "all system packages present"
  exit 0
fi
# Package scripts must not start services in a container; tests start what they need.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
fi
echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
