#!/usr/bin/env bash
# Builds the runner's base image without a registry: a minimal Debian made by debootstrap, with
# python3 and NumPy from Debian's own packages (with OpenBLAS, as NumPy's wheels have, rather than
# the slow reference BLAS), imported into Docker. The runner Dockerfile is then
# built FROM this image instead of python:3.11-slim. Idempotent: does nothing if the image exists.
set -euo pipefail

image=${1:-judge-runner-base:bookworm}
suite=${JUDGE_BASE_SUITE:-bookworm}
mirror=${JUDGE_BASE_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "build-base: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

root=$(mktemp -d /tmp/judge-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "debootstrap $suite into $root (a few minutes)..."
debootstrap --variant=minbase --include=python3-minimal,python3-numpy,libopenblas0-pthread "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
  || { echo "build-base: debootstrap failed, see $root.log" >&2; exit 1; }
# Nothing the runner needs lives in these; they only make the image bigger.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
       "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
tar -C "$root" -c . | docker import --change 'CMD ["python3"]' - "$image" >/dev/null
rm -f "$root.log"
echo "built base image $image"
