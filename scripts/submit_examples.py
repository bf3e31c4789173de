"""Submit some of the packages' own solutions through the HTTP API, wait for their verdicts and
print them as a table: what ``scripts/up`` shows a new user.

Each one is a file of a package's ``right/`` or ``wrong/`` folder (``EXAMPLES`` by default, or the
files given): the package is its challenge, and the ``# expect:`` line the package is proven with
(``judge challenges check``) is the verdict it must get, so that what is shown here cannot drift
from what the packages prove. Talks to the API through the ``judge`` command's own client, and
prints as the ``judge`` command does.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from judge.cli.output import Output
from judge.client import ApiClient
from judge.config import Settings
from judge.errors import ApiRefused, ChallengeError, ServerUnreachable
from judge.proving import declared_verdict
from judge.verdicts import IN_FLIGHT

#: Several topics, and each kind of verdict a candidate meets first: a right solution, a wrong
#: answer, one too slow, one that raises. Paths under the challenges folder.
EXAMPLES = (
    "matmul/right/dot.py",
    "matmul/wrong/elementwise.py",
    "matmul/wrong/python_loops.py",
    "matmul/wrong/raises.py",
    "feedforward/right/textbook.py",
    "dropout/right/binomial.py",
    "dropout/wrong/no_scaling.py",
    "knn/right/full_matrix.py",
    "knn/wrong/unsorted.py",
    "softmax/wrong/no_max_shift.py",
    "attention/right/loop_over_batches.py",
    "max_pool2d/wrong/ceil_index_error.py",
    # A PyTorch package: judged in the PyTorch runner image.
    "torch_vae/right/functional.py",
    "torch_vae/wrong/detached_sample.py",
)
COLUMNS = ("submission", "expected", "verdict", "message")
POLL_S = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--challenges", type=Path, help="the packages' folder (default: the judge's setting)"
    )
    parser.add_argument("files", nargs="*", help="SLUG/right/FILE.py, ... (default: EXAMPLES)")
    args = parser.parse_args()
    out = Output()
    client = ApiClient(args.url, args.token)
    challenges = args.challenges or Settings.load().challenges_dir
    try:
        examples = [example(challenges, name) for name in args.files or EXAMPLES]
    except ChallengeError as exc:
        sys.exit(str(exc))
    try:
        pending = submit(client, examples)
        rows = wait(client, pending, args.timeout, out)
    except ApiRefused as exc:
        sys.exit(f"{client.url}: HTTP {exc.status}: {exc}")
    except ServerUnreachable as exc:
        sys.exit(str(exc))
    for name, _ in pending.values():
        rows.append((name, "", "", f"still not judged after {args.timeout:.0f} s"))
    out.table(COLUMNS, rows)
    surprises = sum(expect != verdict for _, expect, verdict, _ in rows)
    return 1 if pending or surprises else 0


@dataclasses.dataclass(frozen=True)
class Example:
    """A solution of a package: ``matmul/wrong/raises.py``, and the verdict it declares."""

    name: str
    challenge: str
    source: str
    expect: str


def example(challenges: Path, name: str) -> Example:
    """The solution ``name`` (``SLUG/right/FILE`` or ``SLUG/wrong/FILE``) of the packages in
    ``challenges``, with the verdict its package declares for it."""
    path = challenges / name
    parts = Path(name).parts
    if len(parts) != 3 or parts[1] not in ("right", "wrong") or not path.is_file():
        raise ChallengeError(f"{name}: not a solution of a package (SLUG/right|wrong/FILE.py)")
    return Example(name, parts[0], path.read_text(encoding="utf-8"), declared_verdict(path))


def submit(client: ApiClient, examples: list[Example]) -> dict[int, tuple[str, str]]:
    """Each example submitted to its challenge: (name, expected verdict) by submission id."""
    pending = {}
    for each in examples:
        created = client.submit(each.challenge, each.source)
        pending[created["id"]] = (each.name, each.expect)
    return pending


def wait(
    client: ApiClient, pending: dict[int, tuple[str, str]], timeout: float, out: Output
) -> list[tuple[str, str, str, str]]:
    """The rows of the submissions judged within ``timeout``, as their verdicts arrive; those
    judged are taken out of ``pending``."""
    rows = []
    deadline = time.monotonic() + timeout
    total = len(pending)
    with out.status() as status:
        while pending and time.monotonic() < deadline:
            status.update(f"{total - len(pending)} of {total} judged")
            for sid, (name, expect) in list(pending.items()):
                result = client.submission(sid)
                if result["status"] in IN_FLIGHT:
                    continue
                del pending[sid]
                rows.append((name, expect, result["status"], result["message"][:100]))
            time.sleep(POLL_S)
    return rows


if __name__ == "__main__":
    sys.exit(main())
