"""Submit example files through the HTTP API, wait for their verdicts and print them.

Each file names its challenge (and, for the reader, the verdict it should get) in its first line:
``# challenge: matmul   expect: accepted``. Uses only the standard library.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HEADER = re.compile(r"challenge:\s*(\S+)(?:\s+expect:\s*(\S+))?")


def call(url: str, token: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        sys.exit(f"{url}: HTTP {exc.code}: {exc.read().decode(errors='replace')}")
    except urllib.error.URLError as exc:
        sys.exit(f"{url}: unreachable ({exc.reason})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    pending = {}
    for path in args.files:
        match = HEADER.search(path.read_text().splitlines()[0])
        if not match:
            print(f"{path.name}: no '# challenge: SLUG' line, skipped")
            continue
        body = {"challenge": match[1], "source": path.read_text()}
        created = call(f"{args.url}/api/v1/submissions", args.token, body)
        pending[created["id"]] = (path.name, match[2] or "?")
    deadline = time.monotonic() + args.timeout
    surprises = 0
    print(f"{'submission':<28} {'expected':<22} {'verdict':<22} message")
    while pending and time.monotonic() < deadline:
        for sid, (name, expect) in list(pending.items()):
            result = call(f"{args.url}/api/v1/submissions/{sid}", args.token)
            if result["status"] in ("queued", "running"):
                continue
            del pending[sid]
            surprises += expect not in ("?", result["status"])
            print(f"{name:<28} {expect:<22} {result['status']:<22} {result['message'][:100]}")
        time.sleep(0.5)
    for name, _ in pending.values():
        print(f"{name:<28} still not judged after {args.timeout:.0f} s")
    return 1 if pending or surprises else 0


if __name__ == "__main__":
    sys.exit(main())
