#!/usr/bin/env bash
# The compose file, checked: builds the images offline (deploy/offline/build.sh), brings
# deploy/compose.yml up with deploy/offline/compose.yml laid over it, adds a user, submits a right
# and a wrong matmul solution with the judge command through the API on 127.0.0.1, prints their
# verdicts, and takes the whole project down again (volumes too). Exits 1 unless both verdicts
# are the expected ones. Uses `docker compose`, or Debian's docker-compose (installed if missing).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

"$ROOT/deploy/offline/build.sh"
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
else command -v docker-compose >/dev/null || apt_install docker-compose; compose=(docker-compose); fi
project=judge-smoke
port=${JUDGE_SMOKE_PORT:-8765}
files=(-f "$ROOT/deploy/compose.yml" -f "$ROOT/deploy/offline/compose.yml")
run() { JUDGE_SECRET=$secret JUDGE_API_PORT=$port "${compose[@]}" -p "$project" "${files[@]}" "$@"; }
secret=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')

trap 'run down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
say "bringing the compose project $project up"
run up -d >"$VAR/log/compose-smoke.log" 2>&1 || { cat "$VAR/log/compose-smoke.log"; die "compose up failed"; }
url="http://127.0.0.1:$port"
for _ in $(seq 120); do "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
  "$url/healthz" >/dev/null 2>&1 && break; sleep 1; done
run exec -T api python3 -m judge.cli users add smoke >"$VAR/run/compose-smoke.token" \
  || { run logs --tail 50; die "could not add a user"; }
token=$(tail -1 "$VAR/run/compose-smoke.token")

verdict() {  # verdict FILE: the verdict the compose stack gives FILE, by the judge command
  JUDGE_URL=$url JUDGE_TOKEN=$token "$VENV/bin/judge" submit matmul "$1" --wait --json --timeout 300 \
    | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["status"])'
}
right=$(verdict "$ROOT/challenges/matmul/right/dot.py" || true)
wrong=$(verdict "$ROOT/challenges/matmul/wrong/elementwise.py" || true)
say "matmul/right/dot.py: $right (expected accepted)"
say "matmul/wrong/elementwise.py: $wrong (expected wrong_answer)"
if [[ $right != accepted || $wrong != wrong_answer ]]; then
  run logs --tail 80 worker api
  die "the compose stack did not judge as expected"
fi
say "the compose stack judged both as expected"
