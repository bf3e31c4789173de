"""The public examples of a challenge, run on the candidate's own machine: ``judge test``.

The server hands out a *kit* (:func:`make_kit`): the examples' steps and expected results in the
runner's wire format, so arrays keep their dtypes, with the entry point, the limits and the
tolerance. :func:`run_examples` runs a source against it with the very runner the sandbox uses,
in a plain subprocess (no Docker: it is the candidate's own code on the candidate's machine), and
grades it as the worker does. The challenge's own checker stays on the server, so results are
compared as :func:`judge.checking.check_steps` does; a random result (dropout's mask, a
network's first weights) only by shape and dtype. Hidden cases are never in a kit.
"""

from __future__ import annotations

import base64
import dataclasses
import math
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from judge.challenges import Case, Challenge
from judge.checking import Check, Tolerance, check_attributes, check_numeric
from judge.errors import ProtocolError
from judge.judging import (
    LOAD_TIMEOUT_S,
    PROTOCOL_OVERHEAD_BYTES,
    SANDBOX_OVERHEAD_S,
    Judgement,
    grade,
    static_problem,
    whole,
)
from judge.protocol import Entry, Job, Step, build_request, new_nonce, parse_results
from judge.runner import wire
from judge.sandbox import SandboxRun
from judge.verdicts import Verdict

KIT_FORMAT = 1
MIB = 1024 * 1024
RANDOM_NOTE = "the result is random: compared by shape and dtype only here; the server tests it"


def make_kit(challenge: Challenge) -> dict[str, Any]:
    """What ``judge test`` needs of ``challenge``: public information only."""
    examples = challenge.examples()
    expected = [challenge.expected(case) for case in examples]
    payload = {
        "cases": [{"name": c.name, "steps": [_step_json(s) for s in c.steps]} for c in examples],
        "expected": expected,
        "random": [_random_steps(challenge, c, e) for c, e in zip(examples, expected, strict=True)],
    }
    return {
        "format": KIT_FORMAT,
        "slug": challenge.slug,
        "version": challenge.version,
        "entry_point": {"kind": challenge.entry.kind, "name": challenge.entry.name},
        "limits": dataclasses.asdict(challenge.limits),
        "tolerance": dataclasses.asdict(challenge.tolerance),
        "inputs_unchanged": challenge.inputs_unchanged,
        "banned_imports": list(challenge.banned_imports),
        "examples": base64.b64encode(wire.encode(payload)).decode("ascii"),
    }


def _random_steps(challenge: Challenge, case: Case, expected: list[Any]) -> list[int]:
    """The steps whose results are one draw among many (dropout's mask, a network's initial
    weights): every step of a stochastic challenge, and any the reference answers differently
    when run again. Only their shape and dtype can be compared without the package's checker."""
    if challenge.stochastic:
        return list(range(len(expected)))
    again = challenge.expected(case)
    return [
        i
        for i, (one, other) in enumerate(zip(expected, again, strict=True))
        if wire.fingerprint(one) != wire.fingerprint(other)
    ]


def _step_json(step: Step) -> dict[str, Any]:
    return {**step.to_wire(), "raises": step.raises}


@dataclasses.dataclass
class Kit:
    """A challenge's public examples, as :func:`make_kit` gave them."""

    slug: str
    version: int
    entry: Entry
    time_s: float
    output_mb: int
    tolerance: Tolerance
    inputs_unchanged: bool
    banned_imports: list[str]
    cases: list[Case]
    expected: list[list[Any]]
    #: The steps whose results are random (see :func:`_random_steps`), by case name.
    random: dict[str, list[int]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kit:
        """Raises ``ValueError`` when ``data`` is not a kit this version understands."""
        try:
            if data["format"] != KIT_FORMAT:
                raise ValueError(f"kit format {data['format']!r}; this judge reads {KIT_FORMAT}")
            payload = wire.decode(base64.b64decode(data["examples"], validate=True))
            cases = [_case(c) for c in payload["cases"]]
            expected = list(payload["expected"])
            random = [[int(i) for i in steps] for steps in payload["random"]]
            if not len(expected) == len(random) == len(cases):
                raise ValueError("as many expected results as cases")
            if len({case.name for case in cases}) != len(cases):
                raise ValueError("two examples have the same name")
            entry = data["entry_point"]
            return cls(
                slug=str(data["slug"]),
                version=int(data["version"]),
                entry=Entry(str(entry["name"]), str(entry["kind"])),
                time_s=float(data["limits"]["time_s"]),
                output_mb=int(data["limits"]["output_mb"]),
                tolerance=Tolerance(**data["tolerance"]),
                inputs_unchanged=bool(data["inputs_unchanged"]),
                banned_imports=[str(b) for b in data["banned_imports"]],
                cases=cases,
                expected=expected,
                random={case.name: steps for case, steps in zip(cases, random, strict=True)},
            )
        except (KeyError, TypeError, IndexError, wire.WireError) as exc:
            raise ValueError(f"malformed kit: {exc!r}") from None

    def check(self, case: Case, expected: list[Any], actual: list[Any]) -> Check:
        """Each result with :func:`check_steps`'s rules; a random one by shape and dtype only,
        and a class's construction not at all (its result is the object itself)."""
        random = self.random[case.name]
        for i, step in enumerate(case.steps[: len(expected)]):
            if not step.has_output or (step.op == "call" and self.entry.kind == "class"):
                continue
            tolerance = self.tolerance
            if i in random:  # any finite value is close enough: shape and dtype are left
                tolerance = dataclasses.replace(tolerance, rtol=0.0, atol=math.inf)
                tolerance = dataclasses.replace(tolerance, scale_atol=False)
            if step.op == "get":
                found = check_attributes(expected[i], actual[i], tolerance)
            else:
                found = check_numeric(expected[i], actual[i], tolerance)
            if not found.ok:
                where = f"step {i + 1} ({step.describe()}): " if len(case.steps) > 1 else ""
                return Check(False, where + found.message)
        return Check(True)

    def random_note(self, case: Case) -> str:
        """What a passed case means, when some of its results could only be compared by shape."""
        return RANDOM_NOTE if self.random[case.name] else ""


def _case(data: dict[str, Any]) -> Case:
    steps = tuple(
        Step(
            op=str(s["op"]),
            args=tuple(s["args"]),
            name=str(s["name"]),
            names=tuple(s["names"]),
            values=tuple(s["values"].items()),
            raises=str(s["raises"]),
        )
        for s in data["steps"]
    )
    return Case(str(data["name"]), public=True, steps=steps)


def run_examples(kit: Kit, source: str, python: str = sys.executable) -> Judgement:
    """Judge ``source`` on the kit's examples, in a subprocess running the sandbox's runner."""
    problem = static_problem(source, kit)
    if problem:
        return whole(kit.cases, Verdict.INVALID_SUBMISSION, problem)
    output_bytes = kit.output_mb * MIB
    job = Job(
        source=source,
        entry=kit.entry,
        cases=[list(case.steps) for case in kit.cases],
        case_time_limits_s=[kit.time_s] * len(kit.cases),
        output_limit_bytes=output_bytes,
        load_timeout_s=LOAD_TIMEOUT_S,
        banned_imports=tuple(kit.banned_imports),
    )
    wall_s = LOAD_TIMEOUT_S + (kit.time_s + 1.0) * len(kit.cases) + SANDBOX_OVERHEAD_S
    nonce = new_nonce()
    run = run_runner(
        build_request(job, nonce), wall_s, output_bytes + PROTOCOL_OVERHEAD_BYTES, python
    )
    log_text = run.stderr.decode("utf-8", "replace")
    try:
        report = parse_results(run.stdout, nonce, len(kit.cases))
    except ProtocolError:
        message = (
            "the runner's result channel was broken (did the code write to file descriptor 1?)"
        )
        return whole(kit.cases, Verdict.RUNTIME_ERROR, message, log_text)
    judgement = grade(kit, kit.cases, kit.expected, report, run)
    judgement.log = log_text
    return judgement


# What the local run keeps of the code's own output.
LOG_BYTES = 64 * 1024


def run_runner(request: bytes, wall_s: float, stdout_bytes: int, python: str) -> SandboxRun:
    """The runner (``python -I -m judge.runner``) on ``request``, in a temporary folder, killed
    after ``wall_s``. Not a sandbox: no memory limit and no isolation, only the clock."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="judge-test-") as workdir:
        env = {**os.environ, "JUDGE_RUNNER_WORKDIR": workdir}
        process = subprocess.Popen(
            [python, "-I", "-m", "judge.runner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=workdir,
        )
        timed_out = False
        try:
            stdout, stderr = process.communicate(request, timeout=wall_s)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            timed_out = True
    return SandboxRun(
        stdout=stdout[:stdout_bytes],
        stderr=stderr[-LOG_BYTES:],
        exit_code=process.returncode,
        oom_killed=False,
        timed_out=timed_out,
        stdout_overflow=len(stdout) > stdout_bytes,
        wall_s=time.monotonic() - started,
    )
