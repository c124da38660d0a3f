#!/usr/bin/env bash
# Makes the container tooling usable on a machine that reaches Debian's package mirror but no
# image registry (CI, this project's test machines):
#   1. starts dockerd when none answers, without a bridge (--bridge=none, no iptables): Nestor's
#      containers use the host's network or share one another's, never a private bridge range;
#   2. builds a stand-in for the Dockerfile's default base image (node:20-bookworm-slim) from a
#      `debootstrap --variant=minbase bookworm` tree plus this machine's Node 20, tagged with that
#      name so the Dockerfile builds unchanged. An image already present is kept (the cache
#      between runs), so the cost (about a minute) is paid once per machine.
#   container-base-image.sh [TAG]      default TAG: node:20-bookworm-slim
# Needs root, docker.io and debootstrap (scripts/install-system-packages.sh installs them).
set -euo pipefail
tag=${1:-node:20-bookworm-slim}

if ! docker info >/dev/null 2>&1; then
  log=/var/log/nestor-dockerd.log
  # setsid: dockerd outlives this script and the CI step that ran it.
  setsid dockerd --bridge=none --iptables=false --ip6tables=false >"$log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not start; its log ($log):" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  echo "dockerd started (storage driver $(docker info -f '{{.Driver}}'))"
fi

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag present"
  exit 0
fi

# The Debian mirror apt already uses (deb822 sources first, then the one-line format).
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

node_bin=$(command -v node)
case "$("$node_bin" --version)" in
  v20.*) ;;
  *) echo "the stand-in base image needs Node 20; $node_bin is $("$node_bin" --version)" >&2; exit 1 ;;
esac

rootfs=$(mktemp -d /tmp/nestor-base-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
# What the public image adds and a container does not need: apt lists, docs, man pages, locales.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
install -m 755 "$node_bin" "$rootfs/usr/local/bin/node"
# The public image's user 1000 "node" exists here too, so a Dockerfile may rely on it.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
tar -C "$rootfs" -c . | docker import -c 'CMD ["node"]' -c 'ENV NODE_VERSION='"$("$node_bin" --version | tr -d v)" - "$tag" >/dev/null
echo "imported $tag: $(( $(docker image inspect -f '{{.Size}}' "$tag") / 1000000 )) MB"
