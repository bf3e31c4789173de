"""The ``judge`` command. Operators' commands for now; the candidate's loop comes with its issue."""

from __future__ import annotations

import sys

import click

from judge.config import Settings
from judge.errors import JudgeError


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database-url", envvar="JUDGE_DATABASE_URL", help="SQLAlchemy URL of the store.")
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """A sandboxed judge for machine-learning coding challenges.

    \b
    Example:
      judge users add alice        # prints alice's API token
    """
    try:
        ctx.obj = {"settings": Settings.load(database_url=database_url)}
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None


@main.group()
def users() -> None:
    """Manage users and their API tokens."""


@users.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May see every submission's source.")
@click.pass_context
def users_add(ctx: click.Context, name: str, admin: bool) -> None:
    """Create user NAME and print its API token (shown once, stored only as a hash).

    Example: judge users add alice
    """
    from judge.storage import Database
    from judge.submissions import add_user

    try:
        _, token = add_user(Database(_settings(ctx).database), name, admin)
    except (ValueError, JudgeError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List users. Example: judge users list"""
    from judge.storage import Database
    from judge.submissions import list_users

    for user in list_users(Database(_settings(ctx).database)):
        click.echo(f"{user.name}{' (admin)' if user.is_admin else ''}")


@users.command("remove")
@click.argument("name")
@click.pass_context
def users_remove(ctx: click.Context, name: str) -> None:
    """Remove user NAME. Example: judge users remove alice"""
    from judge.storage import Database
    from judge.submissions import remove_user

    if not remove_user(Database(_settings(ctx).database), name):
        raise click.ClickException(f"no user named {name!r}")


@main.group()
def db() -> None:
    """Manage the database."""


@db.command("init")
@click.pass_context
def db_init(ctx: click.Context) -> None:
    """Create the schema if it does not exist. Example: judge db init"""
    from judge.storage import Database

    try:
        Database(_settings(ctx).database)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None


@main.group(invoke_without_command=True)
@click.pass_context
def challenges(ctx: click.Context) -> None:
    """List the challenge packages. Example: judge challenges"""
    if ctx.invoked_subcommand is None:
        from judge.challenges import ChallengeRepository

        try:
            for c in ChallengeRepository(_settings(ctx).challenges_dir).all():
                click.echo(f"{c.slug:<16} {c.difficulty:<8} {c.device:<4} {c.title}")
        except JudgeError as exc:
            raise click.ClickException(str(exc)) from None


@challenges.command("check")
@click.argument("slugs", nargs=-1)
@click.option("--seed", type=int, help="Hidden-case seed (default: a fresh one, printed).")
@click.option("-v", "--verbose", is_flag=True, help="Show the judge's message for every solution.")
@click.pass_context
def challenges_check(
    ctx: click.Context, slugs: tuple[str, ...], seed: int | None, verbose: bool
) -> None:
    """Prove challenge packages (all by default) in the real sandbox.

    The reference must be accepted using at most a quarter of the time limit on every case and
    with only half of the memory and output limits, the starter must not be accepted, each
    right/ solution must be accepted and each wrong/ one must get the verdict its '# expect:'
    line declares. Prints a table; exits 1 on any failure.

    Example: judge challenges check knn dropout
    """
    import secrets

    from judge.challenges import ChallengeRepository
    from judge.images import ensure_runner_image
    from judge.proving import prove, table
    from judge.sandbox import DockerSandbox

    settings = _settings(ctx)
    seed = secrets.randbits(62) if seed is None else seed
    failed = False
    try:
        repository = ChallengeRepository(settings.challenges_dir)
        packages = [repository.get(slug) for slug in slugs or repository.slugs()]
        image = ensure_runner_image(settings, lambda m: click.echo(m, err=True))
        with DockerSandbox.for_settings(image, settings) as sandbox:
            for challenge in packages:
                show = lambda t: click.echo(f"  ... {t.solution.name}: {t.verdict}", err=True)  # noqa: E731
                trials = prove(challenge, sandbox, settings, seed, show)
                click.echo("\n".join(table(challenge, seed, trials, verbose)))
                failed = failed or not all(t.ok for t in trials)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None
    if failed:
        raise click.ClickException("some packages are not proven (see FAIL above)")


@main.group()
def submissions() -> None:
    """Operators' tools for stored submissions."""


@submissions.command("reproduce")
@click.argument("submission_id", type=int)
@click.pass_context
def submissions_reproduce(ctx: click.Context, submission_id: int) -> None:
    """Judge stored submission SUBMISSION_ID again, on its own hidden cases (its seed and this
    deployment's secret), without changing what is stored; print both results side by side.

    Exits 1 when the new verdict differs from the stored one.
    Example: judge submissions reproduce 42
    """
    from judge.challenges import ChallengeRepository
    from judge.images import ensure_runner_image
    from judge.judging import judge
    from judge.sandbox import DockerSandbox
    from judge.storage import Database
    from judge.submissions import get_submission

    settings = _settings(ctx)
    try:
        stored = get_submission(Database(settings.database), submission_id)
        if stored is None:
            raise click.ClickException(f"no submission {submission_id}")
        challenge = ChallengeRepository(settings.challenges_dir).get(stored.challenge)
        image = ensure_runner_image(settings, lambda m: click.echo(m, err=True))
        with DockerSandbox.for_settings(image, settings) as sandbox:
            again = judge(challenge, stored.source, sandbox, settings, seed=stored.seed)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"submission {submission_id}: {stored.challenge}, seed {stored.seed}")
    click.echo(f"  {'case':<32}{'stored':<24}now")
    before = {case.name: case.verdict for case in stored.cases}
    for case in again.cases:
        click.echo(f"  {case.name:<32}{before.get(case.name, '-'):<24}{case.verdict.value}")
    click.echo(f"  {'verdict':<32}{stored.status:<24}{again.verdict.value}")
    if stored.status != again.verdict.value:
        raise click.ClickException("the verdict differs from the stored one")


@main.group()
def images() -> None:
    """Build the sandbox's runner image."""


@images.command("build")
@click.option("--offline", is_flag=True, default=None, help="Use the debootstrap base; no pull.")
@click.option("--gpu", is_flag=True, help="Build the GPU runner image (needs a registry).")
@click.pass_context
def images_build(ctx: click.Context, offline: bool | None, gpu: bool) -> None:
    """Build the runner image if it is missing; print its tag.

    Tries python:3.11-slim from a registry first and falls back to a debootstrap base.
    With --gpu, builds deploy/runner/Dockerfile.gpu on a CUDA PyTorch base instead.
    Example: judge images build
    """
    from judge.images import build_gpu_runner_image, ensure_runner_image

    say = lambda m: click.echo(m, err=True)  # noqa: E731
    try:
        if gpu:
            tag = build_gpu_runner_image(_settings(ctx), say)
        else:
            tag = ensure_runner_image(_settings(ctx), say, offline)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(tag)


if __name__ == "__main__":
    sys.exit(main())
