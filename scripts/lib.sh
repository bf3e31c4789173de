# Shared by scripts/up, scripts/test and scripts/down: install what is missing, start what is not
# running. Every step is idempotent; a step that cannot succeed says why in one line and exits.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR="$ROOT/var"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
mkdir -p "$VAR/run" "$VAR/log"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else die "need root (or passwordless sudo) to run: $*"; fi
}

APT_UPDATED=0
apt_install() {  # apt_install PACKAGE... : installs those not installed yet
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} == 0 ]] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED == 0 ]]; then
    as_root timeout 600 apt-get -o DPkg::Lock::Timeout=120 update -qq </dev/null \
      || die "apt-get update failed (no network or no root?)"
    APT_UPDATED=1
  fi
  as_root timeout 1200 apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends \
    "${missing[@]}" </dev/null >"$VAR/log/apt.log" 2>&1 \
    || die "apt-get install ${missing[*]} failed; see $VAR/log/apt.log"
}

ensure_python() {
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is needed; this machine has $(python3 -V 2>&1)"
  if [[ ! -x $PY ]]; then
    python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
    say "creating $VENV"
    python3 -m venv "$VENV" || die "could not create a virtual environment in $VENV"
  fi
  local stamp="$VENV/.installed" want
  want=$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    say "installing the judge and its Python dependencies"
    timeout 900 "$PY" -m pip install -q --disable-pip-version-check -e "$ROOT[dev]" \
      >"$VAR/log/pip.log" 2>&1 || die "pip install failed; see $VAR/log/pip.log"
    echo "$want" >"$stamp"
  fi
}

ensure_docker() {
  command -v dockerd >/dev/null || apt_install docker.io
  command -v docker >/dev/null || apt_install docker.io
  if ! timeout 20 docker info >/dev/null 2>&1; then
    say "starting the Docker engine"
    if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
      as_root timeout 60 systemctl start docker || true
    fi
    if ! timeout 10 docker info >/dev/null 2>&1; then
      # In a session of its own: the engine outlives the shell, terminal or CI step that started it.
      as_root bash -c "setsid nohup dockerd </dev/null >'$VAR/log/dockerd.log' 2>&1 &"
    fi
    for _ in $(seq 60); do timeout 5 docker info >/dev/null 2>&1 && break; sleep 1; done
    timeout 10 docker info >/dev/null 2>&1 \
      || die "the Docker engine did not start; see $VAR/log/dockerd.log"
  fi
}

ensure_runner_image() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  "$VENV/bin/judge" images build >/dev/null || die "could not build the runner image"
}

ensure_redis_installed() {
  command -v redis-server >/dev/null || apt_install redis-server
  command -v redis-cli >/dev/null || apt_install redis-tools
}

ensure_postgresql() {  # the server binaries the suite starts its own PostgreSQL with
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_install postgresql
}

ensure_chromium() {  # the browser the page tests drive (Playwright launches it; no download)
  command -v chromium >/dev/null || apt_install chromium
}
