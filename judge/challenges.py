"""A challenge package's contents: its cases and their steps, its limits, and the loaded
:class:`Challenge` (its suites, seeds and reference).

A package is ``challenges/<slug>/`` with ``challenge.toml`` and trusted Python; the folder of
packages, and each one's loading, are :mod:`judge.challenge_packages`'. ``cases.py`` defines

- ``examples() -> Iterable[Case]``: the public examples, shown to candidates with their answers;
- ``hidden(rng) -> Iterable[Case]``: the hidden cases, drawn from ``rng``, which is seeded from the
  deployment's secret and the submission's own seed (so an operator can rebuild a submission's
  exact suite, and nobody can rebuild it from the public repository alone);
- optionally ``benchmark(rng) -> Iterable[Case]``: the benchmark cases, drawn from ``rng``, which is
  seeded from the deployment's secret alone (every submission is timed on the same inputs, and
  the reference's times can be reused). They run last, once as ordinary cases; when a submission
  passes every other case they are timed as well, and their times make its score;
- optionally ``check(case, expected, actual, tolerance) -> Check`` to replace
  :func:`judge.checking.check_steps`.

``reference.py`` defines the entry point; its results are the expected results. All of it runs on
the worker, never in the sandbox.

A PyTorch package (``framework = "torch"``) differs in three files, since the worker has no PyTorch:

- ``harness.py`` (any package may have one) runs in the sandbox, around the submission: its
  ``bind(entry)`` returns what the cases' steps call, so that a module or an autograd function the
  submission defines is driven there, and only arrays and numbers come back;
- ``reference.py`` is the reference solution in PyTorch, run in the sandbox like a submission (its
  time is what scores are paired with, and its proof is to be accepted);
- ``expected.py`` computes the expected results on the worker in NumPy: it defines the entry
  point's name as the steps see it (``bind(reference)``). Two implementations that must agree,
  case after case, for the package's own reference to be accepted.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import hmac
import importlib.util
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from judge.checking import Check, Tolerance, check_steps
from judge.errors import ChallengeError
from judge.protocol import Entry, Step
from judge.runner.steps import SELF as SELF  # for packages' checkers: "fit returned self"
from judge.runner.steps import Case as StepRunner

DEVICES = ("cpu", "gpu")
#: How many challenges keep their benchmark cases, and the reference's results on them, in a
#: process's memory: the others make them again when next judged (drawing the cases and running
#: the reference on them, once). Kept for every package, they took 845 MB in one process.
BENCHMARKS_IN_MEMORY = 8
#: What a package's submissions may use beyond Python: NumPy everywhere, PyTorch (CPU) in the torch
#: runner image. A GPU package runs in the GPU image, which has both.
FRAMEWORKS = ("numpy", "torch")
DIFFICULTIES = ("easy", "medium", "hard")
#: The interview guide's sections, in its order: the catalogue's groups.
TOPICS = (
    "linear-algebra",
    "neural-networks",
    "activations",
    "losses",
    "backpropagation",
    "optimisation",
    "normalisation",
    "regularisation",
    "convolutional",
    "vision",
    "recurrent",
    "attention",
    "language",
    "generative",
    "frameworks",
    "nearest-neighbours",
    "classical-ml",
    "data",
    "metrics",
)


@dataclasses.dataclass(frozen=True)
class Case:
    """One case: by default a single call of the entry point with ``args``; or explicit ``steps``.

    ``raises`` (single-call cases) names the exception the call must raise. Public cases are shown
    to candidates with their answers.
    """

    name: str
    args: tuple[Any, ...] = ()
    public: bool = False
    steps: tuple[Step, ...] = ()
    raises: str = ""
    benchmark: bool = False

    def __post_init__(self) -> None:
        if not self.steps:
            object.__setattr__(self, "steps", (Step("call", tuple(self.args), raises=self.raises),))
        if any(step.raises for step in self.steps[:-1]):
            raise ChallengeError(f"case {self.name}: only the last step may expect an exception")


def call(*args: Any, raises: str = "", in_place: int | None = None, **kwargs: Any) -> Step:
    """Call the entry point (a class entry point: construct the object later steps use), with
    ``kwargs`` as keyword arguments: the statement's parameter names are then part of the test.
    ``in_place=i``: the function updates argument ``i`` in place (``clip_grad_norm(grads, ...)``
    scales ``grads``); the step's result is ``(what it returned, that argument after the call)``.
    """
    return Step("call", args, raises=raises, in_place=in_place, kwargs=tuple(kwargs.items()))


def method(
    name: str, *args: Any, raises: str = "", in_place: int | None = None, **kwargs: Any
) -> Step:
    """Call a method of the constructed object. ``in_place=i``: the method updates argument
    ``i`` in place (an optimiser's ``step(params, grads)``); the step's result is that argument
    after the call, and the case's later steps get the same objects there (pass ``None``). A
    method that returns the object itself (``fit``'s ``return self``) has the result :data:`SELF`.
    """
    return Step(
        "method", args, name=name, raises=raises, in_place=in_place, kwargs=tuple(kwargs.items())
    )


def get(*names: str) -> Step:
    """Read attributes of the constructed object; a missing one is absent from the result."""
    return Step("get", names=names)


def assign(**values: Any) -> Step:
    """Set attributes of the constructed object, such as the judge's own parameters."""
    return Step("set", values=tuple(values.items()))


@dataclasses.dataclass(frozen=True)
class ChallengeLimits:
    time_s: float = 2.0  # per case, CPU time (with a wall-clock backstop)
    memory_mb: int = 512
    output_mb: int = 64


@dataclasses.dataclass
class Challenge:
    """A loaded challenge package."""

    slug: str
    path: Path
    title: str
    difficulty: str
    #: The interview guide's section (activations, losses, ...): how the catalogue is grouped.
    topic: str
    tags: list[str]
    version: int
    device: str
    entry: Entry
    signature: str
    limits: ChallengeLimits
    tolerance: Tolerance
    banned_imports: list[str]
    #: Whether a submission that modifies its input arrays in place is wrong.
    inputs_unchanged: bool = True
    #: Whether results are random (dropout): an example's answer is then one possible output.
    stochastic: bool = False
    #: Whether one answer is right (not so for a principal component's sign, or tied splits):
    #: where not, ``judge test`` compares the examples' results by shape and dtype only.
    unique_answer: bool = True
    #: ``numpy`` or ``torch``: the runner image (with the device) the submissions run in.
    framework: str = "numpy"
    # The benchmark cases of each secret, and their expected results: the same for every
    # submission, so made (and the reference run on them) once.
    _benchmarks: dict[bytes, list[Case]] = dataclasses.field(default_factory=dict, repr=False)
    _expected: dict[str, tuple[Case, list[Any]]] = dataclasses.field(
        default_factory=dict, repr=False
    )

    @cached_property
    def statement(self) -> str:
        return (self.path / "statement.md").read_text(encoding="utf-8")

    @cached_property
    def starter(self) -> str:
        return (self.path / "starter.py").read_text(encoding="utf-8")

    @property
    def runtime(self) -> str:
        """The runner image the submissions run in: ``gpu`` for every GPU package (its image
        has NumPy and PyTorch), else the framework's (``numpy``, ``torch``)."""
        return "gpu" if self.device == "gpu" else self.framework

    @cached_property
    def harness(self) -> str:
        """``harness.py``: the package's own code that the runner puts between the cases' steps
        and the submission's entry point (``bind(entry)`` returns what the steps call), for
        what cannot travel: a ``torch.nn.Module`` the submission builds is driven there, and
        only arrays and numbers come back. Empty: the steps call the entry point itself."""
        path = self.path / "harness.py"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    @cached_property
    def reference_source(self) -> str:
        """The reference as a submission's source, for timing it in the sandbox."""
        return (self.path / "reference.py").read_text(encoding="utf-8")

    @cached_property
    def _cases_module(self) -> ModuleType:
        return _load_module(self.path / "cases.py", f"judge_challenge_{self.slug}_cases")

    @cached_property
    def reference(self) -> Callable[..., Any]:
        """What computes the expected results here: ``expected.py``'s entry point where the
        package has one (a PyTorch package's), else ``reference.py``'s."""
        path = self.path / "expected.py"
        path = path if path.exists() else self.path / "reference.py"
        module = _load_module(path, f"judge_challenge_{self.slug}_{path.stem}")
        try:
            return getattr(module, self.entry.name)
        except AttributeError:
            raise ChallengeError(f"{self.slug}: {path.name} has no {self.entry.name}") from None

    def cases(self, seed: int = 0, secret: bytes = b"") -> list[Case]:
        """The suite for one submission: the public examples, then its hidden cases.

        The same ``seed`` and ``secret`` give the same suite on every worker and every run.
        """
        examples = self.examples()
        hidden = list(self._cases_module.hidden(self.hidden_rng(seed, secret)))
        suite = examples + hidden + self.benchmarks(secret)
        names = [case.name for case in suite]
        if not examples or not hidden or len(set(names)) != len(names):
            raise ChallengeError(
                f"{self.slug}: examples or hidden cases missing, or a name repeats"
            )
        if any(case.public for case in suite[len(examples) :]):
            raise ChallengeError(f"{self.slug}: a hidden case is marked public")
        return suite

    def benchmarks(self, secret: bytes = b"") -> list[Case]:
        """The benchmark cases: the same for every submission under one secret."""
        # Read once: another thread may forget them meanwhile (``RECENT_BENCHMARKS``).
        made = self._benchmarks.get(secret)
        if made is None:
            make: Callable[..., Any] = getattr(self._cases_module, "benchmark", lambda rng: [])
            rng = self.hidden_rng(-1, secret, purpose="benchmark")
            made = [dataclasses.replace(c, benchmark=True) for c in make(rng)]
            self._benchmarks[secret] = made
        RECENT_BENCHMARKS.used(self)
        return made

    def forget_benchmarks(self) -> None:
        """Drop the benchmark cases and the reference's results on them (made again, the same,
        when next needed); a judging under way keeps its own."""
        self._benchmarks.clear()
        self._expected.clear()

    def benchmark_variant(self, seed: int, secret: bytes, variant: int) -> list[Case]:
        """A further set of the benchmark cases' inputs, for one timed run: drawn like the
        benchmark, from the secret and the submission's own seed and the set's number, so that
        no other submission, and no earlier one, has seen them."""
        make: Callable[..., Any] = getattr(self._cases_module, "benchmark", lambda rng: [])
        return list(make(self.hidden_rng(seed, secret, purpose=f"benchmark-{variant}")))

    def examples(self) -> list[Case]:
        return [dataclasses.replace(case, public=True) for case in self._cases_module.examples()]

    def hidden_rng(self, seed: int, secret: bytes, purpose: str = "") -> np.random.Generator:
        key = f"{self.slug}:{self.version}:{seed}{':' + purpose if purpose else ''}".encode()
        material = hmac.new(secret, key, hashlib.sha256).digest()
        return np.random.default_rng(int.from_bytes(material, "big"))

    def expected(self, case: Case) -> list[Any]:
        """The reference's result for each step, run on copies so it cannot alter the case.

        A step that must raise contributes no result; the reference must raise there too.
        """
        known = self._expected.get(case.name)
        if known is not None and known[0] is case:
            return known[1]
        results = self._expected_results(case)
        if case.benchmark:
            self._expected[case.name] = (case, results)
            RECENT_BENCHMARKS.used(self)
        return results

    def _expected_results(self, case: Case) -> list[Any]:
        state = StepRunner(self.reference)  # the sandbox's own rules for each step
        results: list[Any] = []
        for step in case.steps:
            try:
                # On copies, so that the reference cannot alter the case.
                value = state.perform(copy.deepcopy(step.to_wire()))
            except Exception as exc:
                if step.raises and step.raises in _class_names(exc):
                    return results
                raise ChallengeError(
                    f"{self.slug}/{case.name}: the reference raised {exc!r}"
                ) from exc
            if step.raises:
                raise ChallengeError(f"{self.slug}/{case.name}: the reference did not raise")
            results.append(copy.deepcopy(value) if step.op == "get" else value)
        return results

    def check(self, case: Case, expected: list[Any], actual: list[Any]) -> Check:
        checker = getattr(self._cases_module, "check", check_steps)
        return checker(case, expected, actual, self.tolerance)

    @cached_property
    def solved_examples(self) -> list[tuple[Case, list[Any]]]:
        """The public examples, each with the reference's results: what candidates are shown
        (``api/views.py`` shapes them), made once per loaded package."""
        return [(case, self.expected(case)) for case in self.examples()]


class RecentBenchmarks:
    """The challenges that keep their benchmark cases in memory, the most recently used last:
    past ``keep`` of them, the least recently used one forgets its own. One per process, as the
    loaded packages are (``challenge_packages._load_once``)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._order: OrderedDict[int, Challenge] = OrderedDict()
        self._lock = threading.Lock()

    def used(self, challenge: Challenge) -> None:
        with self._lock:
            self._order[id(challenge)] = challenge
            self._order.move_to_end(id(challenge))
            while len(self._order) > self.keep:
                self._order.popitem(last=False)[1].forget_benchmarks()

    def holding(self) -> list[Challenge]:
        """The challenges that keep theirs, the least recently used first."""
        with self._lock:
            return list(self._order.values())


RECENT_BENCHMARKS = RecentBenchmarks(BENCHMARKS_IN_MEMORY)


def _class_names(exc: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(exc).__mro__]


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ChallengeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ChallengeError(f"{path} failed to load: {exc}") from exc
    return module
