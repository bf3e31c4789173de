"""The proof of every package (``judge challenges check``), run beside the rest of the suite.

The proof is a third of the suite's CPU time, and the rest of the suite leaves a third of the
machine's CPUs idle (it waits on browsers, HTTP round trips, workers starting and timeouts
running out). So the proof starts as its own process with the session's first test, on half the
CPUs, the last ones, while the other tests go on; the tests that read its tables run last. Its
verdicts depend on CPU time only, which another process on the machine does not change, and each
claim about speed already has the margin that a busier machine needs (``judge.proving``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from judge.config import REPO_ROOT

#: The test function whose parameters (slugs) say which packages this session proves.
PROOF_TEST = "test_judge_challenges_check_proves_the_package"
SEED = 31
#: The proof of seventy packages takes some fifteen minutes of one CPU on a quiet machine, and
#: up to twice that beside the rest of the suite on a slow hour; a stuck one is stopped. (CI
#: stops the whole run at 90 minutes.)
TIMEOUT_S = 3000
#: ``judge``, with Ctrl-C's KeyboardInterrupt even when the suite was started in the background
#: (``nohup ... &``): a shell's background job inherits SIGINT ignored, and Python keeps it so.
INTERRUPTIBLE = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'judge'; from judge.cli import main; main()"
)
TITLE = re.compile(rf"^([a-z0-9_-]+) \(version \d+, seed {SEED}\)$")


class BackgroundProof:
    """One ``judge challenges check`` of ``slugs``, started once, read by whoever waits."""

    def __init__(self, slugs: list[str]) -> None:
        self.slugs = slugs
        self.process: subprocess.Popen | None = None
        self.folder = Path(tempfile.gettempdir())
        self.started_at = 0.0

    def start(self) -> None:
        if self.process is not None:
            return
        cpus = sorted(os.sched_getaffinity(0))
        jobs = max(1, len(cpus) // 2)
        env = {
            **os.environ,
            "JUDGE_SECRET": "x" * 40,
            # One CPU per sandbox, from the last: the suite's own workers start from the first.
            "JUDGE_SANDBOX_CPUSETS": ";".join(str(cpu) for cpu in cpus[-jobs:]),
            # The references' benchmarks timed as on the suite's stack (tests/conftest.py).
            "JUDGE_BENCHMARK_BUDGET_S": "0.3",
            "JUDGE_BENCHMARK_MIN_RUNS": "3",
            "JUDGE_BENCHMARK_MAX_RUNS": "3",
        }
        command = [sys.executable, "-c", INTERRUPTIBLE, "challenges", "check", *self.slugs]
        command += ["--seed", str(SEED), "--jobs", str(jobs)]
        self.folder = Path(tempfile.mkdtemp(prefix="judge-proof-"))
        self.started_at = time.monotonic()
        with self.output_path.open("wb") as output, self.progress_path.open("wb") as progress:
            self.process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=output, stderr=progress
            )

    @property
    def output_path(self) -> Path:
        """Its tables (stdout)."""
        return self.folder / "tables.txt"

    @property
    def progress_path(self) -> Path:
        """Each solution's verdict as it comes, and the closing error (stderr)."""
        return self.folder / "progress.txt"

    def result(self) -> tuple[int, str, dict[str, str]]:
        """Waits for the proof: its exit code, its output, and each package's table by slug."""
        self.start()
        assert self.process is not None
        try:
            code = self.process.wait(timeout=max(1.0, TIMEOUT_S - self.elapsed_s()))
        except subprocess.TimeoutExpired:
            self.stop()
            code = -1
        output = self.output_path.read_text(encoding="utf-8", errors="replace")
        said = self.progress_path.read_text(encoding="utf-8", errors="replace")
        stopped = f"(the proof was stopped after {TIMEOUT_S} s)\n" if code == -1 else ""
        # The tables, then the last of what it said on stderr: its closing error, if any.
        tail = "\n".join(said.splitlines()[-20:])
        return code, f"{output}\n{tail}\n{stopped}", tables(output)

    def elapsed_s(self) -> float:
        return time.monotonic() - self.started_at

    def stop(self) -> None:
        """Interrupted as a person would (Ctrl-C), so that it removes its sandboxes."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def tables(output: str) -> dict[str, str]:
    """Each package's table in the check's output, by slug (its title line starts it)."""
    found: dict[str, str] = {}
    slug = ""
    for line in output.splitlines():
        title = TITLE.match(line)
        slug = title[1] if title else slug
        if slug:
            found[slug] = found.get(slug, "") + line + "\n"
    return found
