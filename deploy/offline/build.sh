#!/usr/bin/env bash
# Builds deploy/compose.yml's images on a machine without a registry, from Debian's packages:
#   judge-offline-base:bookworm  a minimal Debian (debootstrap) with Python 3.11, Redis and
#                                PostgreSQL, which deploy/offline/compose.yml also runs Redis and
#                                PostgreSQL from;
#   judge-service:latest         deploy/Dockerfile FROM that base, with the judge and its Python
#                                dependencies installed here (pip, into deploy/offline/site);
#   the runner image             judge images build.
# Idempotent: an image that exists is kept. Run from anywhere, as root (debootstrap, docker).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

base=judge-offline-base:bookworm
suite=${JUDGE_BASE_SUITE:-bookworm}
mirror=${JUDGE_BASE_MIRROR:-http://deb.debian.org/debian}

ensure_python
ensure_docker
command -v debootstrap >/dev/null || apt_install debootstrap

if ! docker image inspect "$base" >/dev/null 2>&1; then
  # Under var/, not /tmp: the suite checks /tmp for what sandboxes leave, and a chroot has /proc.
  root=$(mktemp -d "$VAR/offline-root.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  say "debootstrap $suite with Python, Redis and PostgreSQL (a few minutes)"
  debootstrap --variant=minbase \
    --include=python3,python3-numpy,libopenblas0-pthread,redis-server,postgresql-15,ca-certificates \
    "$suite" "$root" "$mirror" >"$VAR/log/offline-debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $VAR/log/offline-debootstrap.log"
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
         "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
  tar -C "$root" -c . | docker import --change 'CMD ["python3"]' - "$base" >/dev/null
  say "built $base"
fi

site="$ROOT/deploy/offline/site"
stamp="$site/.installed" want=$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  say "installing the judge's Python dependencies into $site"
  rm -rf "$site"
  # The checkout itself is copied into the image; only its dependencies go here. Debian's
  # Python is 3.11.2, which needs what newer ones do not (redis: async-timeout before 3.11.3).
  "$PY" -m pip install -q --disable-pip-version-check --target "$site" \
    "$ROOT[postgres]" "async-timeout>=4.0.3" >"$VAR/log/offline-pip.log" 2>&1 \
    || die "pip install failed; see $VAR/log/offline-pip.log"
  rm -rf "$site"/judge "$site"/api "$site"/workers "$site"/bin
  echo "$want" >"$stamp"
fi

say "building judge-service:latest"
docker build -q -f "$ROOT/deploy/Dockerfile" --build-arg BASE_IMAGE="$base" \
  -t judge-service:latest "$ROOT" >/dev/null || die "docker build of judge-service failed"
ensure_runner_image
say "images ready: $base, judge-service:latest, $("$VENV/bin/judge" images build 2>&1 | tail -1)"
