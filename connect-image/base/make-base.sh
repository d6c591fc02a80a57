#!/usr/bin/env bash
# Makes the image the Dockerfile builds FROM: Debian bookworm (minbase) with Debian's openjdk-17-jre-headless, built
# from Debian's packages with debootstrap and imported as a local image. No registry is involved, so it works on
# machines that cannot pull, and anyone can rebuild the same thing from the same mirror.
#
#   connect-image/base/make-base.sh [--force]
#
# Environment:
#   ENGINE      podman or docker (default: what container-engine.sh picks)
#   BASE_IMAGE  tag to create (default: cdc-connect-base:bookworm-jre17, the Dockerfile's default BASE_IMAGE)
#   MIRROR      Debian mirror (default http://deb.debian.org/debian). For a byte-for-byte rebuild pin a snapshot,
#               e.g. http://snapshot.debian.org/archive/debian/20250520T000000Z
#
# Skips the work when the tag already exists (the tests call it on every run); --force rebuilds. Needs root
# (debootstrap creates device nodes and files owned by other users). About 40-90 s and ~480 MB.
set -euo pipefail

fail() { echo "make-base: $*" >&2; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
tag="${BASE_IMAGE:-cdc-connect-base:bookworm-jre17}"
mirror="${MIRROR:-http://deb.debian.org/debian}"
force=false
[ "${1:-}" = "--force" ] && force=true

engine="${ENGINE:-$("$here/container-engine.sh")}"

if ! $force && "$engine" image inspect "$tag" >/dev/null 2>&1; then
  echo "make-base: $tag exists, kept (--force rebuilds it)" >&2
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "debootstrap needs root to make $tag; run this script as root, or build your own base and tag it $tag"
command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is not installed (apt-get install -y debootstrap)"

rootfs="$(mktemp -d /var/tmp/cdc-connect-base.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
log="$rootfs.log"
echo "make-base: debootstrap bookworm from $mirror into $rootfs (log: $log)" >&2
debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" "$mirror" >"$log" 2>&1 \
  || fail "debootstrap failed (network or mirror $mirror?): $(tail -n1 "$log")"

# What a running image never needs: downloaded packages, package lists, documentation.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

tar -C "$rootfs" --numeric-owner -c . \
  | "$engine" import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' \
      - "$tag" >/dev/null \
  || fail "$engine import of $tag failed"
rm -f "$log"
echo "make-base: made $tag" >&2
