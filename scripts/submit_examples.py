"""Submit example files through the HTTP API, wait for their verdicts and print them as a table.

Each file names its challenge (and, for the reader, the verdict it should get) in its first line:
``# challenge: matmul   expect: accepted``. Talks to the API through the ``judge`` command's own
client, and prints as the ``judge`` command does.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from judge.cli.output import Output
from judge.client import ApiClient
from judge.errors import ApiRefused, ServerUnreachable
from judge.verdicts import IN_FLIGHT

HEADER = re.compile(r"challenge:\s*(\S+)(?:\s+expect:\s*(\S+))?")
COLUMNS = ("submission", "expected", "verdict", "message")
POLL_S = 0.5
UNKNOWN = "?"  # a file that declares no verdict: any is expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    out = Output()
    client = ApiClient(args.url, args.token)
    try:
        pending = submit(client, args.files, out)
        rows = wait(client, pending, args.timeout, out)
    except ApiRefused as exc:
        sys.exit(f"{client.url}: HTTP {exc.status}: {exc}")
    except ServerUnreachable as exc:
        sys.exit(str(exc))
    for name, _ in pending.values():
        rows.append((name, "", "", f"still not judged after {args.timeout:.0f} s"))
    out.table(COLUMNS, rows)
    surprises = sum(expect not in (UNKNOWN, verdict) for _, expect, verdict, _ in rows)
    return 1 if pending or surprises else 0


def submit(client: ApiClient, files: list[Path], out: Output) -> dict[int, tuple[str, str]]:
    """Each file submitted to the challenge its first line names: (name, expected verdict) by
    submission id."""
    pending = {}
    for path in files:
        match = HEADER.search(path.read_text().splitlines()[0])
        if not match:
            out.line(f"{path.name}: no '# challenge: SLUG' line, skipped")
            continue
        created = client.submit(match[1], path.read_text())
        pending[created["id"]] = (path.name, match[2] or UNKNOWN)
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
