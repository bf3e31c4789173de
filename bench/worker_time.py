"""The worker's time per accepted submission, for every package's reference solution: prints a
table.

    .venv/bin/python bench/worker_time.py [SLUG ...] [--times N] [--reuse]

Judges each package's reference solution as a stored, accepted submission, through the worker's
own service (:class:`judge.judging_service.JudgingService`: claimed, judged in a warm sandbox of
this machine's runner image, scored against the reference, recorded in a fresh SQLite database),
``N`` times (3 by default) one after another, as one worker slot would. Every judging times the
reference on the sets the submission ran (reuse off, the default); with ``--reuse``
(``reference_reuse``), the first judgings time it on the package's whole pool of input sets, and
once two timings agree the later ones reuse those times (:mod:`judge.timed_sets`). For each
package it prints:

- ``own``: the submission's own timed work, from the stored verdict: every case's run and every
  timed run of the benchmark (the runner's parent's outside times);
- ``first`` and ``later``: the worker's time for the first judging and the median of the later
  ones, from the claim to the verdict stored;
- whether ``later`` meets the target: at most 1.5 times ``own``, plus 300 ms.

No Redis, no Celery, no API: what is measured is the worker's judging alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.challenge_packages import ChallengeRepository  # noqa: E402
from judge.challenges import Challenge  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.images import ensure_runner_images, runner_sandboxes  # noqa: E402
from judge.judging_service import JudgingService  # noqa: E402
from judge.machine import describe  # noqa: E402
from judge.planning import base_limits  # noqa: E402
from judge.reference_pairing import ReferencePairing  # noqa: E402
from judge.storage import Database  # noqa: E402
from judge.submissions import create_submission, get_submission  # noqa: E402
from judge.users import add_user  # noqa: E402

FACTOR, PLUS_MS = 1.5, 300.0


def own_work_ms(submission_id: int, db: Database) -> float:
    """The submission's own timed work, from its stored cases: each case's run, and each timed
    run of the benchmark cases (outside times)."""
    stored = get_submission(db, submission_id)
    assert stored is not None
    total = 0.0
    for case in stored.cases:
        total += case.time_ms or 0.0
        if case.timing:
            total += json.loads(case.timing)["total_ms"]
    return total


def judge_package(
    service: JudgingService, db: Database, user, challenge: Challenge, times: int
) -> tuple[float, float, float, str]:
    """(own ms, first ms, median later ms, the verdict)."""
    took, own, verdict = [], [], ""
    for _ in range(times):
        submission = create_submission(db, user, challenge.slug, challenge.reference_source)
        began = time.monotonic()
        verdict = service.judge(submission.id) or "?"
        took.append((time.monotonic() - began) * 1000)
        own.append(own_work_ms(submission.id, db))
        if verdict != "accepted":
            break
    later = statistics.median(took[1:]) if len(took) > 1 else float("nan")
    return statistics.median(own), took[0], later, verdict


@contextlib.contextmanager
def worker_service(
    settings: Settings, runtimes: set[str], pairing: type[ReferencePairing] = ReferencePairing
) -> Iterator[tuple[JudgingService, Database, Any]]:
    """The worker's judging service as one slot has it (warm sandboxes of this machine's runner
    images for ``runtimes``, the reference scored by ``pairing`` in sandboxes of its own), on a
    fresh database with one user: (the service, its database, the user)."""
    challenges = ChallengeRepository(settings.challenges_dir)
    ensure_runner_images(settings, lambda m: print(m, file=sys.stderr))
    db = Database(settings.database)
    user, _ = add_user(db, "bench")
    sandboxes, references = runner_sandboxes(settings, 0), runner_sandboxes(settings, 0)
    scoring = pairing(settings, describe(settings), references.get)
    service = JudgingService(settings, db, challenges, sandboxes, references=scoring)
    try:
        for made in (sandboxes, references):
            for runtime in runtimes:
                made.get(runtime).prewarm(base_limits(settings))
        yield service, db, user
    finally:
        sandboxes.close()
        references.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="the packages (default: all)")
    parser.add_argument("--times", type=int, default=3, help="judgings per package")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the reference's kept times (reference_reuse)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-worker-time-") as scratch:
        settings = Settings.load(
            {}, data_dir=Path(scratch), secret="w" * 40, reference_reuse=int(args.reuse)
        )
        challenges = ChallengeRepository(settings.challenges_dir)
        chosen = [challenges.get(s) for s in args.slugs] if args.slugs else challenges.all()
        with worker_service(settings, {"numpy"}) as (service, db, user):
            print(f"{'package':<34}{'own ms':>9}{'first ms':>10}{'later ms':>10}{'target':>9}  met")
            met = 0
            for challenge in chosen:
                own, first, later, verdict = judge_package(service, db, user, challenge, args.times)
                target = FACTOR * own + PLUS_MS
                ok = verdict == "accepted" and later <= target
                met += ok
                mark = "yes" if ok else ("NO" if verdict == "accepted" else verdict)
                print(
                    f"{challenge.slug:<34}{own:>9.0f}{first:>10.0f}{later:>10.0f}"
                    f"{target:>9.0f}  {mark}",
                    flush=True,
                )
        print(f"target met by {met} of {len(chosen)} packages ({FACTOR:g} x own + {PLUS_MS:g} ms)")


if __name__ == "__main__":
    main()
