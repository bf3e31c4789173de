"""The commands that run the judge: its runner images, the API server, a worker, the
deployment's health, and re-judging through the API."""

from __future__ import annotations

import os
import sys

import click

from judge.cli import main
from judge.cli.operators import check_deployment, load_settings, open_database, say


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
        click.echo(build_gpu_runner_image(load_settings(ctx), say))
        return
    for name in REPOSITORIES if framework == "all" else [framework]:
        click.echo(ensure_runner_image(load_settings(ctx), say, offline, name))


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
    settings = load_settings(ctx)
    host, port = host or settings.api_host, port or settings.api_port
    open_database(ctx, create=True)  # the schema first: one clear error if it cannot be used
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

    settings = load_settings(ctx)
    open_database(ctx, create=True)
    ensure_runner_images(settings, say)
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
    check_deployment(ctx)
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
