"""What a worker process holds for the packages it has judged: prints its memory.

    .venv/bin/python bench/worker_memory.py [--keep N]

Loads every package in this process, as a worker's slot does, and makes each one's suite for a
submission as a judging does: the hidden cases, the benchmark cases and the reference's results
on them (what ``Challenge.expected`` keeps for the next submission). Prints the process's
resident memory at the start, at its highest and at the end, and the challenges that still keep
their benchmarks. ``--keep`` sets how many may (``judge.challenges.BENCHMARKS_IN_MEMORY``; 70
keeps every package's, as before the bound).

No sandbox runs: the timed input sets' pools (``judge.timed_sets``, four in memory at most) come
on top, as do the runs' own buffers.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge import challenges  # noqa: E402
from judge.challenge_packages import ChallengeRepository  # noqa: E402

SECRET = b"bench-worker-memory-secret-0123456789abc"


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=int, default=challenges.BENCHMARKS_IN_MEMORY)
    keep = parser.parse_args().keep
    challenges.RECENT_BENCHMARKS.keep = keep
    repository = ChallengeRepository(ROOT / "challenges")
    start = highest = resident_mb()
    packages = repository.all()
    for challenge in packages:
        for case in challenge.cases(seed=1, secret=SECRET):
            if case.benchmark:
                challenge.expected(case)
        gc.collect()
        highest = max(highest, resident_mb())
    kept = [c.slug for c in challenges.RECENT_BENCHMARKS.holding()]
    print(f"packages judged once each: {len(packages)}; benchmarks kept for at most {keep}")
    print(f"resident memory: {start:.0f} MB at the start, {highest:.0f} MB at its highest,")
    print(f"                 {resident_mb():.0f} MB at the end")
    print(f"still kept: {', '.join(kept)}")


if __name__ == "__main__":
    main()
