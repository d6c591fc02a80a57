#!/usr/bin/env bash
# Prints the container engine to build and run the image with ("docker" or "podman") on stdout, after making sure it
# works. Called by ImageIT (part of `mvn -B verify`) and usable by hand.
#
# - docker, when a Docker engine actually answers (a laptop, a hosted CI); a docker client alone is not enough.
# - otherwise podman. On a Debian machine without it, and as root, it installs Debian's podman, runc and debootstrap
#   (debootstrap makes the base image, see make-base.sh) and writes the engine settings our machines need: runc
#   rather than crun (crun refuses cgroups v1 in hybrid mode), the cgroupfs manager (no systemd session), and no
#   default ulimits (the container may not raise them).
#
# On failure it prints ONE line saying what is missing and exits 1: the tests must never skip silently.
set -euo pipefail

fail() { echo "container-engine: $*" >&2; exit 1; }

if command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
  echo docker
  exit 0
fi

as_root() { [ "$(id -u)" = 0 ]; }

if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
  as_root || fail "no Docker engine answers and podman/runc are not installed; as root run: apt-get install -y podman runc debootstrap"
  command -v apt-get >/dev/null 2>&1 || fail "no Docker engine answers, podman is not installed and there is no apt-get to install it (install podman and runc)"
  echo "container-engine: installing podman runc debootstrap with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing or stale on a fresh machine; update only when the install fails without it.
  if ! apt-get install -y -q podman runc debootstrap >/dev/null 2>&1; then
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q podman runc debootstrap >/dev/null 2>&1; } \
      || fail "apt-get could not install podman runc debootstrap (no network or no Debian mirror?)"
  fi
fi

# Engine settings, only where the administrator has not set them: a file of ours next to theirs, never an edit.
conf=/etc/containers/containers.conf
settings='[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"'
if as_root; then
  if [ ! -e "$conf" ]; then
    mkdir -p /etc/containers
    printf '# Written by the CDC bundle (connect-image/base/container-engine.sh): runc, cgroupfs, no default ulimits.\n%s\n' \
      "$settings" > "$conf"
  elif ! grep -q '^[[:space:]]*runtime[[:space:]]*=' "$conf" || ! grep -q '^[[:space:]]*cgroup_manager' "$conf" \
      || ! grep -q '^[[:space:]]*default_ulimits' "$conf"; then
    mkdir -p /etc/containers/containers.conf.d
    printf '# Written by the CDC bundle (connect-image/base/container-engine.sh).\n%s\n' "$settings" \
      > /etc/containers/containers.conf.d/50-cdc-bundle.conf
  fi
fi

out=$(timeout 60 podman info 2>&1) || fail "podman is installed but 'podman info' fails: $(printf '%s' "$out" | grep -m1 -i 'error' || printf '%s' "$out" | tail -n1)"
echo podman
