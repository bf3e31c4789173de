"""The public examples of a challenge, run on the candidate's own machine: ``judge test``.

The server hands out a *kit* (:func:`make_kit`): the examples' steps and expected results in the
runner's wire format, so arrays keep their dtypes, with the entry point, the limits and the
tolerance. :func:`run_examples` runs a source against it with the very runner the sandbox uses,
in a plain subprocess (:class:`judge.subprocess_sandbox.SubprocessSandbox`; no Docker: it is the
candidate's own code on the candidate's machine), and grades it as the worker does
(:func:`judge.conversation.run_job`).

The challenge's own checker stays on the server: each example's results are sent there and
checked by the worker's very function (:func:`check_example`,
:func:`judge.case_grading.checked`), so a mistake reads the same here as in the verdict. Only
when the server cannot be reached (the kit kept by ``judge init``) are results compared here, as
:func:`judge.checking.check_steps` does, and a random result (dropout's mask, a network's first
weights) only by shape and dtype. Hidden cases are never in a kit.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from judge.case_grading import checked
from judge.challenges import Case, Challenge
from judge.checking import PASS, Check, Tolerance, check_attributes, check_parts
from judge.config import Settings
from judge.conversation import PlannedRun, run_job
from judge.errors import JudgeError
from judge.grading import Judgement, whole
from judge.planning import PROTOCOL_OVERHEAD_BYTES, applied_limits, load_timeout_s, run_wall_s
from judge.protocol import Entry, Job, Step
from judge.runner import wire
from judge.runner.digests import fingerprint
from judge.sandbox import Limits
from judge.static_checks import static_problem
from judge.subprocess_sandbox import SubprocessSandbox
from judge.verdicts import Verdict

if TYPE_CHECKING:
    from judge.client import ApiClient

#: The server's check of one example's results (its own checker's, see :func:`check_example`).
Checker = Callable[[Case, list[Any]], Check]

KIT_FORMAT = 1
MIB = 1024 * 1024
RANDOM_NOTE = "the result is random: compared by shape and dtype only here; the server tests it"
NOT_UNIQUE_NOTE = (
    "more than one answer is right: compared by shape and dtype only here; the server checks it"
)


def make_kit(challenge: Challenge, settings: Settings | None = None) -> dict[str, Any]:
    """What ``judge test`` needs of ``challenge``: public information only, with the limits the
    worker applies under ``settings`` (the operator's maximums)."""
    examples = challenge.examples()
    expected = [challenge.expected(case) for case in examples]
    payload = {
        "cases": [{"name": c.name, "steps": [_step_json(s) for s in c.steps]} for c in examples],
        "expected": expected,
        "random": [_random_steps(challenge, c, e) for c, e in zip(examples, expected, strict=True)],
        "note": RANDOM_NOTE if challenge.unique_answer else NOT_UNIQUE_NOTE,
    }
    return {
        "format": KIT_FORMAT,
        "slug": challenge.slug,
        "version": challenge.version,
        "entry_point": {"kind": challenge.entry.kind, "name": challenge.entry.name},
        "limits": dataclasses.asdict(applied_limits(challenge, settings or Settings.load())),
        "tolerance": dataclasses.asdict(challenge.tolerance),
        "inputs_unchanged": challenge.inputs_unchanged,
        "banned_imports": list(challenge.banned_imports),
        "framework": challenge.framework,
        "harness": challenge.harness,
        "examples": base64.b64encode(wire.encode(payload)).decode("ascii"),
    }


def _random_steps(challenge: Challenge, case: Case, expected: list[Any]) -> list[int]:
    """The steps whose results are one draw among many (dropout's mask, a network's initial
    weights): every step of a stochastic challenge or of one with more than one right answer
    (signs of principal components, tied splits), and any the reference answers differently when
    run again. Only their shape and dtype can be compared without the package's checker."""
    if challenge.stochastic or not challenge.unique_answer:
        return list(range(len(expected)))
    again = challenge.expected(case)
    return [
        i
        for i, (one, other) in enumerate(zip(expected, again, strict=True))
        if fingerprint(one) != fingerprint(other)
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
    #: What a passed case with such steps means.
    note: str = RANDOM_NOTE
    #: Where the runs' time goes; ``judge test`` times none, so any device reads as the CPU.
    device: str = "cpu"
    #: What the submission may use beyond NumPy (``torch``), and the package's harness around
    #: its entry point (see :attr:`judge.challenges.Challenge.harness`).
    framework: str = "numpy"
    harness: str = ""
    #: The challenge's own checker, on the server (:func:`server_checker`); ``None`` offline,
    #: where results are compared here (:meth:`compare`).
    checker: Checker | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kit:
        """Raises ``ValueError`` when ``data`` is not a kit this version understands."""
        try:
            if data["format"] != KIT_FORMAT:
                raise ValueError(f"kit format {data['format']!r}; this judge reads {KIT_FORMAT}")
            raw = base64.b64decode(data["examples"], validate=True)
            payload = wire.decode(raw, limits=wire.REQUEST)
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
                note=str(payload.get("note", RANDOM_NOTE)),
                framework=str(data.get("framework", "numpy")),
                harness=str(data.get("harness", "")),
            )
        except (KeyError, TypeError, IndexError, wire.WireError) as exc:
            raise ValueError(f"malformed kit: {exc!r}") from None

    def check(self, case: Case, expected: list[Any], actual: list[Any]) -> Check:
        """The results by the challenge's own checker on the server, or compared here when it
        cannot be reached."""
        if self.checker is not None:
            return self.checker(case, actual)
        return self.compare(case, expected, actual)

    def compare(self, case: Case, expected: list[Any], actual: list[Any]) -> Check:
        """Each result with :func:`check_steps`'s rules, part by part where it has parts; a random
        one by shape and dtype only, and a class's construction not at all (its result is the
        object itself). What ``judge test`` can do offline, without the challenge's checker."""
        random = self.random[case.name]
        for i, step in enumerate(case.steps[: len(expected)]):
            if not step.has_output or (step.op == "call" and self.entry.kind == "class"):
                continue
            values = i not in random  # else any finite value will do: shape and dtype are left
            if step.op == "get" and values:
                found = check_attributes(expected[i], actual[i], self.tolerance)
            else:
                found = check_parts(expected[i], actual[i], self.tolerance, values)
            if not found.ok:
                where = f"step {i + 1} ({step.describe()}): " if len(case.steps) > 1 else ""
                return Check(False, where + found.message)
        return Check(True)

    def random_note(self, case: Case) -> str:
        """What a passed case means, when some of its results could only be compared by shape."""
        return self.note if self.checker is None and self.random[case.name] else ""


def server_checker(client: ApiClient, slug: str) -> Checker:
    """The challenge's checker on the server at ``client``: each example's results sent to
    ``POST /api/v1/challenges/{slug}/check`` and checked by :func:`check_example` there."""

    def check(case: Case, results: list[Any]) -> Check:
        try:
            answer = client.check_example(slug, case.name, wire.encode(results))
        except JudgeError as exc:  # the server went away, or refused: say so, not "wrong"
            return Check(False, f"the server could not check the results: {exc}")
        return Check(bool(answer["ok"]), str(answer["message"]))

    return check


def examples_expected(challenge: Challenge) -> list[tuple[Case, list[Any]]]:
    """The challenge's public examples, each with the reference's results (made once per loaded
    package)."""
    return challenge.solved_examples


def check_example(
    challenge: Challenge,
    name: str,
    encoded: bytes,
    examples: list[tuple[Case, list[Any]]] | None = None,
) -> Check:
    """The server's side of :func:`server_checker`: the results of the example ``name``'s
    completed steps (wire-encoded, as the runner reported them) by the challenge's own checker,
    through the worker's :func:`judge.case_grading.checked`; ``examples``: those of
    :func:`examples_expected`, kept. Raises ``ValueError`` when there is no such example or the
    results cannot be read."""
    known = examples if examples is not None else examples_expected(challenge)
    found = next(((c, e) for c, e in known if c.name == name), None)
    if found is None:
        raise ValueError(f"{challenge.slug} has no public example named {name!r}")
    # Copies, as the worker's are its own: a checker may not spoil the next request's.
    case, expected = copy.deepcopy(found)
    try:
        results = wire.decode(encoded, limits=wire.UNTRUSTED)
    except wire.WireError as exc:
        raise ValueError(f"the results cannot be read: {exc}") from None
    if not isinstance(results, list) or len(results) > len(case.steps):
        raise ValueError(f"the results must be a list of at most {len(case.steps)}, one a step")
    done = min(len(results), len(expected))  # as grading takes them: see judge.case_grading
    return checked(challenge, case, expected[:done], results[:done]) if done else PASS


def _case(data: dict[str, Any]) -> Case:
    steps = tuple(
        Step(
            op=str(s["op"]),
            args=tuple(s["args"]),
            name=str(s["name"]),
            names=tuple(s["names"]),
            values=tuple(s["values"].items()),
            raises=str(s["raises"]),
            in_place=None if s.get("in_place") is None else int(s["in_place"]),
            kwargs=tuple((str(k), v) for k, v in (s.get("kwargs") or {}).items()),
        )
        for s in data["steps"]
    )
    return Case(str(data["name"]), public=True, steps=steps)


def run_examples(kit: Kit, source: str, python: str = sys.executable) -> Judgement:
    """Judge ``source`` on the kit's examples, with the worker's own pipeline and the sandbox's
    runner, in a plain subprocess (:class:`SubprocessSandbox`)."""
    problem = static_problem(source, kit)
    if problem:
        return whole(kit.cases, Verdict.INVALID_SUBMISSION, problem)
    if kit.framework != "numpy" and not has_module(python, kit.framework):
        raise MissingFramework(kit.slug, kit.framework, python)
    output_bytes = kit.output_mb * MIB
    job = Job(
        source=source,
        entry=kit.entry,
        cases=[list(case.steps) for case in kit.cases],
        case_time_limits_s=[kit.time_s] * len(kit.cases),
        output_limit_bytes=output_bytes,
        log_bytes=LOG_BYTES,
        banned_imports=tuple(kit.banned_imports),
        harness=kit.harness,
        load_timeout_s=load_timeout_s(kit.framework),
    )
    limits = Limits(
        memory_mb=0,
        wall_s=run_wall_s(job),
        stdout_bytes=output_bytes + PROTOCOL_OVERHEAD_BYTES,
        log_bytes=LOG_BYTES,
    )
    planned = PlannedRun(kit, kit.cases, kit.expected, job, limits)
    return run_job(planned, SubprocessSandbox(python))


class MissingFramework(JudgeError):
    """The challenge's framework is not installed for the Python that runs the examples."""

    def __init__(self, slug: str, framework: str, python: str) -> None:
        super().__init__(
            f"{slug} is a {FRAMEWORK_NAMES.get(framework, framework)} challenge, and {python} "
            f"cannot import {framework}: install it to run the examples here "
            f"({INSTALL_HINTS.get(framework, f'pip install {framework}')}), or submit the "
            "solution: the server runs it with its own"
        )


FRAMEWORK_NAMES = {"torch": "PyTorch"}
INSTALL_HINTS = {
    "torch": "pip install torch --index-url https://download.pytorch.org/whl/cpu for the CPU build"
}


def has_module(python: str, name: str) -> bool:
    """Whether ``python`` finds the module ``name`` (without importing it: PyTorch takes a
    second)."""
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({name!r}) is None)"
    try:
        return subprocess.run([python, "-I", "-c", probe], timeout=30, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# What the local run keeps of the code's own output.
LOG_BYTES = 64 * 1024
