"""Verdicts on a busy host: every attack of the hostile suite and every package's ``right/`` and
``wrong/`` solutions, judged several rounds in a row while a CPU hog spins on every core.

    .venv/bin/python bench/load.py [--rounds 3] [--slots 2] [--no-hog] [--only PATTERN]

Judges through the worker's own pipeline (``judge.judging.judge``) and real sandboxes of the
runner image, one worker slot per CPU as ``judge worker`` makes them (pinned, warm), with the
benchmark timed as on the server. Prints, for each solution, the verdict it must get and what each
round gave, the longest any judging took, and a summary line; exits 1 if any verdict differs from
the declared one. Needs Docker and the runner image (``./scripts/up`` or ``judge images build``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import fnmatch
import multiprocessing
import os
import queue
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.attacks import ATTACKS  # noqa: E402
from judge.challenge_packages import ChallengeRepository  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.docker_sandbox import DockerSandbox  # noqa: E402
from judge.images import ensure_runner_image  # noqa: E402
from judge.judging import judge  # noqa: E402
from judge.proving import declared_verdict  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    challenge: str
    source: str
    expect: str


def entries(repository: ChallengeRepository) -> list[Entry]:
    found = [Entry(f"attack/{a.name}", a.challenge, a.source, a.verdict.value) for a in ATTACKS]
    for challenge in repository.all():
        for folder in ("right", "wrong"):
            for path in sorted((challenge.path / folder).glob("*.py")):
                found.append(
                    Entry(
                        f"{challenge.slug}/{folder}/{path.name}",
                        challenge.slug,
                        path.read_text(encoding="utf-8"),
                        declared_verdict(path),
                    )
                )
    return found


def hog() -> None:
    while True:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slots", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-hog", action="store_true", help="judge on an idle host instead")
    parser.add_argument("--only", default="*", help="judge only the names matching this pattern")
    args = parser.parse_args()

    settings = Settings.load(secret=secrets.token_hex(32))
    image = ensure_runner_image(settings)
    repository = ChallengeRepository(settings.challenges_dir)
    todo = [e for e in entries(repository) if fnmatch.fnmatch(e.name, args.only)]
    hogs = []
    if not args.no_hog:
        cores = os.cpu_count() or 1
        hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(cores)]
        for process in hogs:
            process.start()
    slots: queue.SimpleQueue[DockerSandbox] = queue.SimpleQueue()
    for slot in range(args.slots):
        slots.put(DockerSandbox.for_settings(image, settings, slot))

    def judged(entry: Entry) -> tuple[str, str, float]:
        sandbox = slots.get()
        try:
            started = time.monotonic()
            challenge = repository.get(entry.challenge)
            judgement = judge(challenge, entry.source, sandbox, settings, seed=secrets.randbits(62))
            return judgement.verdict.value, judgement.message, time.monotonic() - started
        finally:
            slots.put(sandbox)

    verdicts: dict[str, list[str]] = {e.name: [] for e in todo}
    longest: dict[str, float] = {e.name: 0.0 for e in todo}
    messages: dict[str, str] = {}
    began = time.monotonic()
    print(
        f"{len(todo)} solutions, {args.rounds} rounds, {args.slots} worker slots, "
        f"{len(hogs)} CPU hogs on {os.cpu_count()} CPUs",
        flush=True,
    )
    try:
        for number in range(1, args.rounds + 1):
            with concurrent.futures.ThreadPoolExecutor(args.slots) as pool:
                for entry, (verdict, message, seconds) in zip(
                    todo, pool.map(judged, todo), strict=True
                ):
                    verdicts[entry.name].append(verdict)
                    longest[entry.name] = max(longest[entry.name], seconds)
                    if verdict != entry.expect:
                        messages[entry.name] = message
            print(f"round {number} done after {time.monotonic() - began:.0f} s", flush=True)
    finally:
        for process in hogs:
            process.kill()
        while not slots.empty():
            slots.get().close()

    width = max(len(e.name) for e in todo)
    print(f"\n{'solution':<{width}}  {'must get':<22}  {'got (each round)':<40}  longest s")
    wrong = 0
    for entry in todo:
        got = verdicts[entry.name]
        bad = any(v != entry.expect for v in got)
        wrong += bad
        mark = "  <-- " + messages.get(entry.name, "")[:80] if bad else ""
        print(
            f"{entry.name:<{width}}  {entry.expect:<22}  {', '.join(got):<40}  "
            f"{longest[entry.name]:9.1f}{mark}"
        )
    print(
        f"\n{len(todo)} solutions x {args.rounds} rounds "
        f"({'CPU hog on every core' if hogs else 'idle host'}): "
        f"{wrong} with a verdict other than declared; longest judging "
        f"{max(longest.values()):.1f} s; {time.monotonic() - began:.0f} s in all"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
