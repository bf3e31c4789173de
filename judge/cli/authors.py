"""The challenge authors' commands: prove packages against their solutions (``judge challenges
check``), and judge a stored submission again here, to compare (``judge submissions reproduce``)."""

from __future__ import annotations

import contextlib
import math
import os
import secrets

import click

from judge.cli import Exit, Failure
from judge.cli.candidates import submissions
from judge.cli.catalogue import challenges
from judge.cli.operators import load_settings, open_database, say
from judge.cli.output import Output


@challenges.command("check")
@click.argument("slugs", nargs=-1)
@click.option("--seed", type=int, help="Hidden-case seed (default: a fresh one, printed).")
@click.option("-v", "--verbose", is_flag=True, help="Show the judge's message for every solution.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1, max=64),
    help="Solutions judged at once, each in a sandbox pinned to its own CPUs "
    "(default: as many as this machine's CPUs hold).",
)
@click.pass_context
def challenges_check(
    ctx: click.Context, slugs: tuple[str, ...], seed: int | None, verbose: bool, jobs: int | None
) -> None:
    """Prove challenge packages in the sandbox.

    Proves the packages SLUGS (all by default) in the real sandbox.

    The reference must be accepted with only half of the memory and output limits, the starter
    must not be accepted, each right/ solution must be accepted and each wrong/ one must get the
    verdict its '# expect:' line declares. Speed claims need a margin, in CPU time: the reference
    and each right/ solution may use at most a quarter of the time limit on any case, and a
    solution declared time_limit_exceeded, judged with the limit raised to 2.5 times, must need
    all of that. A package that does not load at all is a failure too. Prints a table (each
    timed solution's margin); exits 1 on any failure.

    Example: judge challenges check knn dropout
    """
    from judge.challenge_packages import ChallengeRepository
    from judge.challenges import Challenge
    from judge.errors import ChallengeError
    from judge.images import ensure_runner_image, runner_sandboxes
    from judge.proving import REPORT_COLUMNS, Trial, prove, report_rows, solutions

    settings = load_settings(ctx)
    out = Output()
    seed = secrets.randbits(62) if seed is None else seed
    repository = ChallengeRepository(settings.challenges_dir)
    chosen = list(slugs) or repository.slugs()
    broken = {slug: why for slug, why in repository.broken().items() if slug in chosen}
    for slug, why in broken.items():
        click.echo(f"{slug}: FAIL: the package does not load (left out of the catalogue): {why}")
    failed = bool(broken)
    packages = [repository.get(slug) for slug in chosen if slug not in broken]
    for challenge in list(packages):
        try:
            solutions(challenge)
        except ChallengeError as exc:  # no wrong/ solutions, a solution that declares nothing
            click.echo(f"{challenge.slug}: FAIL: {exc}")
            packages.remove(challenge)
            failed = True
    if not packages:
        raise Failure("some packages do not load (see FAIL above)")
    for framework in sorted({c.framework for c in packages if c.runtime != "gpu"}):
        ensure_runner_image(settings, say, framework=framework)
    jobs = jobs or max(1, len(os.sched_getaffinity(0)) // max(1, math.ceil(settings.sandbox_cpus)))
    with contextlib.ExitStack() as stack:
        slots = [stack.enter_context(runner_sandboxes(settings, slot)) for slot in range(jobs)]

        def report(challenge: Challenge, trials: list[Trial]) -> None:
            title = f"{challenge.slug} (version {challenge.version}, seed {seed})"
            out.table(REPORT_COLUMNS, report_rows(trials, verbose), title)

        def show(challenge: Challenge, trial: Trial) -> None:
            busy = " (cut short by a busy machine)" * trial.cut_short
            busy += " (to be judged again at the end)" * trial.again
            say(f"  ... {challenge.slug}: {trial.solution.name}: {trial.verdict}{busy}")

        proven = prove(packages, slots, settings, seed, report, show)
        failed = failed or not all(t.ok for trials in proven.values() for t in trials)
    if failed:
        raise Failure("some packages do not load or are not proven (see FAIL above)")


@submissions.command("reproduce")
@click.argument("submission_id", type=int)
@click.pass_context
def submissions_reproduce(ctx: click.Context, submission_id: int) -> None:
    """Judge a stored submission again, here.

    Judges stored submission SUBMISSION_ID again on this machine, on its own hidden cases
    (its seed and this deployment's secret), without changing what is stored, and prints
    both results side by side.

    Exits 1 when the new verdict differs from the stored one.

    Example: judge submissions reproduce 42
    """
    from judge.challenge_packages import ChallengeRepository
    from judge.images import ensure_runner_image, runner_sandboxes
    from judge.judging import judge
    from judge.submissions import get_submission

    settings = load_settings(ctx)
    stored = get_submission(open_database(ctx), submission_id)
    if stored is None:
        raise Failure(f"no submission {submission_id}", Exit.USAGE)
    challenge = ChallengeRepository(settings.challenges_dir).get(stored.challenge)
    if challenge.runtime != "gpu":
        ensure_runner_image(settings, say, framework=challenge.framework)
    with runner_sandboxes(settings) as sandboxes:
        sandbox = sandboxes.get(challenge.runtime)
        again = judge(challenge, stored.source, sandbox, settings, seed=stored.seed)
    before = {case.name: case.verdict for case in stored.cases}
    rows = [(case.name, before.get(case.name, "-"), case.verdict.value) for case in again.cases]
    rows.append(("verdict", stored.status, again.verdict.value))
    title = f"submission {submission_id}: {stored.challenge}, seed {stored.seed}"
    Output().table(["case", "stored", "now"], rows, title)
    if stored.status != again.verdict.value:
        raise Failure("the verdict differs from the stored one")
