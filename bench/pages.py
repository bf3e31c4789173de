"""How fast the pages render with a busy challenge: prints figures.

    .venv/bin/python bench/pages.py [--submissions 1000] [--users 200] [--repeat 50]

Fills a fresh SQLite database with that many submissions of ``matmul`` (about two thirds
accepted and scored, the rest wrong answers, spread over the users), then renders each page
through the Flask app (no network: the figure is the app's own work, from the request to the
finished HTML) after one warm-up, and prints the median and p95 of each.

Target: the challenge page with 1,000 submissions in under 100 ms on this machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import create_app  # noqa: E402
from judge.storage import CaseResultRow, Database, Submission, User  # noqa: E402

TARGET_MS = 100.0


def fill(db: Database, submissions: int, users: int, seed: int = 1) -> int:
    """Returns the id of one accepted submission (for its page)."""
    rng = random.Random(seed)
    with db.session() as session:
        people = [User(name=f"user{i:04d}", token_hash=f"{i:064x}") for i in range(users)]
        session.add_all(people)
        session.flush()
        for _ in range(submissions):
            accepted = rng.random() < 0.67
            score = rng.lognormvariate(0.3, 0.6) if accepted else None
            submission = Submission(
                user_id=rng.choice(people).id,
                challenge="matmul",
                source="import numpy as np\n\ndef matrix_multiplication(A, B):\n    return A @ B\n",
                status="accepted" if accepted else "wrong_answer",
                message="" if accepted else "square: 36 of 36 elements outside tolerance",
                score=score,
                median_ms=None if score is None else 2.5 * score,
                reference_ms=None if score is None else 2.5,
                clock="cpu" if accepted else "",
                run_ms=900.0,
            )
            submission.cases = [
                CaseResultRow(position=i, name=f"case-{i}", verdict="accepted", time_ms=0.02)
                for i in range(26)
            ]
            session.add(submission)
        session.commit()
        return session.query(Submission.id).filter_by(status="accepted").first()[0]


def measure(client, path: str, repeat: int) -> list[float]:
    assert client.get(path).status_code == 200, path  # the warm-up, and a check
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-bench-pages-") as data:
        # No Redis is needed: only a running submission's page reads its progress there.
        app = create_app({"data_dir": data, "redis_url": "redis://127.0.0.1:1/0"})
        started = time.perf_counter()
        accepted = fill(app.extensions["judge"].db, args.submissions, args.users)
        print(
            f"filled {args.submissions} submissions of {args.users} users "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = app.test_client()
        print(f"{'page':<32}{'median ms':>10}{'p95 ms':>10}  target")
        for path in ("/challenges/matmul", "/", f"/submissions/{accepted}", "/users/user0001"):
            times = sorted(measure(client, path, args.repeat))
            median, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
            target = f"< {TARGET_MS:.0f} ms" if path == "/challenges/matmul" else ""
            met = "" if not target else (" (met)" if median < TARGET_MS else " (MISSED)")
            print(f"{path:<32}{median:>10.1f}{p95:>10.1f}  {target}{met}")


if __name__ == "__main__":
    main()
