"""A judging's plan: the runner's job and the sandbox's limits, made of the challenge's limits
under the operator's maximums and the benchmark's settings; and the worker's own deadline for a
run, every clock of the runner at its backstop."""

from __future__ import annotations

import dataclasses

from judge.challenges import Case, Challenge, ChallengeLimits
from judge.config import Settings
from judge.protocol import Job
from judge.runner.messages import CHECKPOINT_S, GAP_S, LOAD_TIMEOUT_S, WALL_BACKSTOP
from judge.sandbox import Limits

# Head-room for the container's start and stop around the runner's own time limits.
SANDBOX_OVERHEAD_S = 15.0
PROTOCOL_OVERHEAD_BYTES = 1 << 20


def load_timeout_s(runtime: str) -> float:
    """The load's limit in a runtime (:attr:`Challenge.runtime`, or a kit's framework): a PyTorch
    one's (a GPU one's too) includes importing PyTorch in a cold sandbox, 1.2 s of CPU here and
    more when the host is busy, where NumPy takes 0.1."""
    return LOAD_TIMEOUT_S if runtime == "numpy" else 3 * LOAD_TIMEOUT_S


def plan(
    challenge: Challenge,
    source: str,
    cases: list[Case],
    settings: Settings,
    timed: bool = True,
    every_set: int = 0,
) -> tuple[Job, Limits]:
    """The runner's job and the sandbox's limits, clamped to the operator's maximums.

    ``every_set``: each benchmark case is timed on that many input sets, all of them, whatever
    its standard error says sooner (the reference's times kept for many submissions, each of
    which runs some of the sets)."""
    applied = applied_limits(challenge, settings)
    case_time = applied.time_s
    output_bytes = applied.output_mb * 1024 * 1024
    benchmarks = frozenset(i for i, case in enumerate(cases) if case.benchmark and timed)
    bench_plan = {
        "budget_s": settings.benchmark_budget_s,
        "min_runs": every_set or settings.benchmark_min_runs,
        "max_runs": every_set or settings.benchmark_max_runs,
        "rse": settings.benchmark_rse,
    }
    job = Job(
        source=source,
        entry=challenge.entry,
        cases=[list(case.steps) for case in cases],
        case_time_limits_s=[case_time] * len(cases),
        output_limit_bytes=output_bytes,
        log_bytes=settings.log_cap_bytes,
        banned_imports=tuple(challenge.banned_imports),
        benchmarks=benchmarks,
        bench_plan=bench_plan,
        harness=challenge.harness,
        load_timeout_s=load_timeout_s(challenge.runtime),
    )
    limits = dataclasses.replace(
        base_limits(settings),
        memory_mb=applied.memory_mb,
        wall_s=run_wall_s(job),
        # The output budget, and one as large per benchmark case for its timed runs' outputs
        # sent to be checked (the runner keeps the two apart: prints cannot spend the second).
        stdout_bytes=output_bytes * (1 + len(benchmarks)) + PROTOCOL_OVERHEAD_BYTES,
        gpus=1 if challenge.device == "gpu" else 0,
    )
    return job, limits


def applied_limits(challenge: Challenge, settings: Settings) -> ChallengeLimits:
    """The challenge's limits under the operator's maximums: what the worker applies, and what
    ``judge test`` is given in its kit (:func:`judge.local.make_kit`), so that a case runs under
    the same limits on both."""
    return ChallengeLimits(
        time_s=min(challenge.limits.time_s, settings.max_case_time_s),
        memory_mb=min(challenge.limits.memory_mb, settings.max_memory_mb),
        output_mb=min(challenge.limits.output_mb, settings.max_output_mb),
    )


def reference_wall_s(challenge: Challenge, settings: Settings) -> float:
    """How long a run of the reference's, timed on every set a submission may run, may take:
    what a task's time limit and a submission's run beside it allow for it."""
    cases = list(challenge.benchmarks(settings.secret_key))
    every = settings.benchmark_max_runs
    return plan(challenge, challenge.reference_source, cases, settings, every_set=every)[1].wall_s


def run_wall_s(job: Job) -> float:
    """The worker's own deadline for a whole run: every clock of the runner at its wall-clock
    backstop, so that the runner, which knows which case is to blame, always speaks first."""
    clocks = job.load_timeout_s + sum(job.case_time_limits_s) + GAP_S
    total = clocks * WALL_BACKSTOP
    if job.benchmarks:
        # Each benchmark case: its budget, or its minimum number of runs at the case's time
        # limit, then the outputs checked; and the worker's answer at the checkpoint.
        bench = job.bench_plan
        for case in job.benchmarks:
            limit = job.case_time_limits_s[case]
            # The runs (one per input set, at most), their preparations, and their outputs.
            runs = bench.get("max_runs", 8)
            timing = max(bench.get("budget_s", 2.0), bench.get("min_runs", 5) * limit)
            total += (timing + limit + runs * (GAP_S + limit)) * WALL_BACKSTOP
        total += CHECKPOINT_S
    return total + SANDBOX_OVERHEAD_S


def base_limits(settings: Settings) -> Limits:
    """The limits every sandbox has, whatever it runs; a warm sandbox is started with these."""
    return Limits(
        memory_mb=settings.max_memory_mb,
        wall_s=SANDBOX_OVERHEAD_S,
        stdout_bytes=PROTOCOL_OVERHEAD_BYTES,
        log_bytes=settings.log_cap_bytes,
        cpus=settings.sandbox_cpus,
        pids=settings.sandbox_pids,
        tmpfs_mb=settings.sandbox_tmpfs_mb,
    )
