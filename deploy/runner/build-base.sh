#!/usr/bin/env bash
# Builds a runner's base image without a registry: a minimal Debian made by debootstrap, with
# python3 and NumPy from Debian's own packages (with OpenBLAS, as NumPy's wheels have, rather than
# the slow reference BLAS), imported into Docker. The runner Dockerfile is then built FROM this
# image instead of python:3.11-slim. Idempotent: does nothing if the image exists.
#
#   build-base.sh IMAGE [numpy|torch]
#
# numpy: Debian 12 (bookworm), Python 3.11 and NumPy 1.24.
# torch: Debian 13 (trixie), Python 3.13, NumPy 2.2 and PyTorch 2.6 (CPU): bookworm's python3-torch
#        is 1.13, older than anything a candidate learns today.
set -euo pipefail

image=${1:-judge-runner-base:bookworm}
framework=${2:-numpy}
mirror=${JUDGE_BASE_MIRROR:-http://deb.debian.org/debian}
case $framework in
  numpy) suite=${JUDGE_BASE_SUITE:-bookworm} packages=python3-minimal,python3-numpy,libopenblas0-pthread ;;
  torch) suite=${JUDGE_TORCH_BASE_SUITE:-trixie} packages=python3-minimal,python3-numpy,python3-torch,libopenblas0-pthread ;;
  *) echo "build-base: unknown framework $framework (numpy or torch)" >&2; exit 2 ;;
esac

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "build-base: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

root=$(mktemp -d /tmp/judge-base.XXXXXX)
trap 'rm -rf "$root" "$root.log"' EXIT
echo "debootstrap $suite with $packages into $root (a few minutes)..."
debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
  || { cp "$root.log" /tmp/judge-base-failed.log; echo "build-base: debootstrap failed, see /tmp/judge-base-failed.log" >&2; exit 1; }
# Nothing the runner needs lives in these; they only make the image bigger.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
       "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
tar -C "$root" -c . | docker import --change 'CMD ["python3"]' - "$image" >/dev/null
echo "built base image $image"
