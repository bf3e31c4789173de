"""The authors' and operators' commands: users and tokens, proving packages, the schema, the
runner image, serving the API, running a worker, rejudging."""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import sys

import click

from judge.cli import Exit, Failure, main
from judge.cli.candidates import submissions
from judge.cli.catalogue import challenges
from judge.cli.output import Output
from judge.config import Settings


def _settings(ctx: click.Context) -> Settings:
    obj = ctx.find_root().obj
    if "settings" not in obj:
        obj["settings"] = Settings.load(database_url=obj.get("database_url"))
    return obj["settings"]


def _database(ctx: click.Context, create: bool = False):
    """The deployment's database. Only ``create`` makes one where there is none: elsewhere a
    missing database means the command is not looking at the stack (see :func:`_deployment`)."""
    from judge.storage import Database

    if not create:
        _deployment(ctx)
    return Database(_settings(ctx).database)


def _deployment(ctx: click.Context) -> None:
    """Refuse to act on the built-in default database when nothing named it and it does not
    exist: run outside the stack's checkout, a command would otherwise make an empty database
    under the home folder, and its users' tokens would be refused by the running stack."""
    from judge.config import named_location
    from judge.storage import database_exists

    if ctx.find_root().obj.get("database_url") or named_location() is not None:
        return
    if database_exists(_settings(ctx).database):
        return
    raise Failure(
        f"no judge deployment found: no settings file (no var/judge.env in {os.getcwd()}, "
        f"JUDGE_SETTINGS_FILE not set) and no database at {_where(ctx)}. Run it in the stack's "
        "checkout, or name the stack: --settings FILE (or JUDGE_SETTINGS_FILE), or "
        "JUDGE_DATABASE_URL / JUDGE_DATA_DIR; 'judge db init' makes a new database here.",
        Exit.USAGE,
    )


def _where(ctx: click.Context) -> str:
    """The database a command acts on, without its password."""
    from sqlalchemy.engine import make_url

    return make_url(_settings(ctx).database).render_as_string(hide_password=True)


def _say(message: str) -> None:
    click.echo(message, err=True)


@main.group()
def users() -> None:
    """Manage users and their API tokens."""


@users.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May see every submission's source and rejudge.")
@click.pass_context
def users_add(ctx: click.Context, name: str, admin: bool) -> None:
    """Create user NAME and print its API token (shown once, stored only as a hash).

    Example: judge users add alice
    """
    from judge.users import add_user

    try:
        _, token = add_user(_database(ctx), name, admin)
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    # Which database: a token made in another stack's is refused by this one's API.
    _say(f"added {name} to {_where(ctx)}; the API token (shown once) follows")
    click.echo(token)


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List users.

    Example: judge users list
    """
    from judge.users import list_users

    for user in list_users(_database(ctx)):
        click.echo(f"{user.name}{' (admin)' if user.is_admin else ''}")


@users.command("token")
@click.argument("name")
@click.pass_context
def users_token(ctx: click.Context, name: str) -> None:
    """Give user NAME a new API token and print it; the old one is refused from now on.

    For a lost or leaked token: tokens are stored only as hashes, so one cannot be shown again.

    Example: judge users token alice
    """
    from judge.users import replace_token

    token = replace_token(_database(ctx), name)
    if token is None:
        raise Failure(f"no user named {name!r}", Exit.USAGE)
    _say(f"replaced {name}'s token in {_where(ctx)}: the old one is refused, the new one follows")
    click.echo(token)


@users.command("remove")
@click.argument("name")
@click.option(
    "--with-submissions",
    is_flag=True,
    help="Remove the user's submissions too (and so their places on the leaderboards).",
)
@click.pass_context
def users_remove(ctx: click.Context, name: str, with_submissions: bool) -> None:
    """Remove user NAME; its token is refused from then on.

    A user who has submissions is removed only with --with-submissions, which deletes them
    too, and with them the user's places on the leaderboards. To lock a user out but keep
    their submissions, replace the token instead (judge users token NAME) and do not hand it on.

    Example: judge users remove alice --with-submissions
    """
    from judge.users import remove_user

    try:
        removed = remove_user(_database(ctx), name, with_submissions)
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    if removed is None:
        raise Failure(f"no user named {name!r}", Exit.USAGE)
    _say(f"removed {name} and {removed} submission(s) from {_where(ctx)}")


@main.group()
def db() -> None:
    """Manage the database."""


@db.command("init")
@click.pass_context
def db_init(ctx: click.Context) -> None:
    """Create the schema, or bring it up to date.

    Example: judge db init
    """
    _database(ctx, create=True)


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

    settings = _settings(ctx)
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
        ensure_runner_image(settings, _say, framework=framework)
    jobs = jobs or max(1, len(os.sched_getaffinity(0)) // max(1, math.ceil(settings.sandbox_cpus)))
    with contextlib.ExitStack() as stack:
        slots = [stack.enter_context(runner_sandboxes(settings, slot)) for slot in range(jobs)]

        def report(challenge: Challenge, trials: list[Trial]) -> None:
            title = f"{challenge.slug} (version {challenge.version}, seed {seed})"
            out.table(REPORT_COLUMNS, report_rows(trials, verbose), title)

        def show(challenge: Challenge, trial: Trial) -> None:
            busy = " (cut short by a busy machine)" * trial.cut_short
            busy += " (to be judged again at the end)" * trial.again
            _say(f"  ... {challenge.slug}: {trial.solution.name}: {trial.verdict}{busy}")

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

    settings = _settings(ctx)
    stored = get_submission(_database(ctx), submission_id)
    if stored is None:
        raise Failure(f"no submission {submission_id}", Exit.USAGE)
    challenge = ChallengeRepository(settings.challenges_dir).get(stored.challenge)
    if challenge.runtime != "gpu":
        ensure_runner_image(settings, _say, framework=challenge.framework)
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


@main.group()
def images() -> None:
    """Build the sandbox's runner images."""


@images.command("build")
@click.option("--offline", is_flag=True, default=None, help="Use the debootstrap bases; no pull.")
@click.option("--gpu", is_flag=True, help="Build the GPU runner image (needs a registry).")
@click.option(
    "--framework",
    type=click.Choice(["numpy", "torch", "all"]),
    default="all",
    show_default=True,
    help="Which CPU runner image: NumPy's, PyTorch's, or both.",
)
@click.pass_context
def images_build(ctx: click.Context, offline: bool | None, gpu: bool, framework: str) -> None:
    """Build the runner images that are missing; print their tags.

    Two CPU images: judge-runner (Python and NumPy) and judge-runner-torch (PyTorch as well,
    for the packages whose framework is torch). Each tries python:3.11-slim from a registry
    first and falls back to a debootstrap base: Debian 12 for NumPy's, Debian 13 (PyTorch
    2.6) for PyTorch's. With --gpu, builds deploy/runner/Dockerfile.gpu on a CUDA PyTorch
    base instead.

    Example: judge images build --framework numpy
    """
    from judge.images import REPOSITORIES, build_gpu_runner_image, ensure_runner_image

    if gpu:
        click.echo(build_gpu_runner_image(_settings(ctx), _say))
        return
    for name in REPOSITORIES if framework == "all" else [framework]:
        click.echo(ensure_runner_image(_settings(ctx), _say, offline, name))


@main.command()
@click.option("--host", help="Address to listen on (default: JUDGE_API_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default: JUDGE_API_PORT, 8000).")
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="gunicorn worker processes (each with 16 threads).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int) -> None:
    """Serve the HTTP API (gunicorn).

    Runs in the foreground, as a service manager expects. Settings come from the JUDGE_*
    variables, as for the worker.

    Example: judge serve --host 0.0.0.0 --port 8000
    """
    settings = _settings(ctx)
    host, port = host or settings.api_host, port or settings.api_port
    _database(ctx, create=True)  # the schema first: one clear error if it cannot be used
    _exec(
        "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", "16",
        "--access-logfile", "-", "api:create_app()",
    )  # fmt: skip


@main.command()
@click.option(
    "-c",
    "--concurrency",
    type=click.IntRange(1),
    default=None,
    help="Worker slots (sandboxes at once); default: one per CPU.",
)
@click.option(
    "-Q",
    "--queues",
    default="cpu,gpu",
    show_default=True,
    help="The queues to take submissions from.",
)
# Every worker runs the sweeper now; kept so that older service files still start.
@click.option("--beat/--no-beat", default=False, hidden=True)
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def worker(
    ctx: click.Context,
    concurrency: int | None,
    queues: str,
    beat: bool,
    celery_args: tuple[str, ...],
) -> None:
    """Run a worker that judges submissions.

    A Celery worker, in the foreground. Needs Redis (JUDGE_REDIS_URL), Docker and the runner
    image (built if missing). Arguments after -- go to Celery's worker as they are.

    Every worker also sweeps: it sends again, within seconds, a submission whose worker died
    or whose task Redis lost.

    Example: judge worker -c 2 -Q cpu -- --hostname judge1@%h
    """
    from judge.images import ensure_runner_images

    settings = _settings(ctx)
    _database(ctx, create=True)
    ensure_runner_images(settings, _say)
    args = ["celery", "-A", "workers.app", "worker", "-Q", queues, "-l", "INFO"]
    if concurrency:
        args += ["-c", str(concurrency)]
    _exec(*args, *celery_args)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print it as JSON.")
@click.pass_context
def health(ctx: click.Context, as_json: bool) -> None:
    """Show the deployment's health: workers, queues, failures, packages.

    The database it reads, the workers that answer and the ids of the submissions each is
    judging, the tasks waiting in each queue, the submissions queued (and how long the oldest
    has waited) and running, the latest internal errors, and the challenge packages that do not
    load. Reads this host's settings (the settings file, JUDGE_REDIS_URL, JUDGE_DATABASE_URL).

    Exits 0 when workers answer, each writes to the database health reads, Redis and the
    database answer and every package loads; 1 otherwise (the problems are listed first).

    Example: judge health
    """
    _deployment(ctx)
    # The workers are asked through Celery, which judge/ never imports: workers.health does
    # (the settings file and the database's URL given to this command are in its environment).
    _exec("workers.health", *(["--json"] if as_json else []))


def _exec(module: str, *args: str) -> None:
    """Become ``python -m module args``: signals reach it directly, as a service manager expects."""
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", module, *args])


@main.command()
@click.argument("submission_id", type=int, required=False)
@click.option("--challenge", "slug", metavar="SLUG", help="Every submission of this challenge.")
@click.option(
    "--scores-only",
    is_flag=True,
    help="Only time the accepted ones again, with their reference; verdicts stay.",
)
def rejudge(submission_id: int | None, slug: str | None, scores_only: bool) -> None:
    """Judge submissions again (an admin's).

    Judges submission SUBMISSION_ID, or every submission of a challenge, again on the server,
    on their own hidden cases (after a package's checker changed, say). With --scores-only,
    only accepted submissions are timed again, each with its reference, on the workers' machine
    (after new hardware, say): scores, the reference's time and the machine change; verdicts do
    not. Needs an admin's token (judge users add NAME --admin; then judge login, or JUDGE_TOKEN).

    \b
    Example: judge rejudge 42
             judge rejudge --challenge matmul
             judge rejudge --challenge matmul --scores-only
    """
    from judge.cli.server import api

    if (submission_id is None) == (slug is None):
        raise click.UsageError("give a SUBMISSION_ID or --challenge SLUG (one of them)")
    ids = api(need_token=True).rejudge(submission_id, slug, scores_only)
    if scores_only:
        taken = ", ".join(map(str, ids)) or "nothing (no accepted submissions)"
        click.echo(f"to be timed again: {taken}")
        return
    click.echo(f"queued again: {', '.join(map(str, ids)) or 'nothing (no submissions)'}")
