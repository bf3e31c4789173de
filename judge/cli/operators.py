"""The operators' commands on the store: users and their tokens, the schema; and the helpers
the other operators' commands share (the settings, the database, where it is)."""

from __future__ import annotations

import os

import click

from judge.cli import Exit, Failure, main
from judge.config import Settings


def load_settings(ctx: click.Context) -> Settings:
    obj = ctx.find_root().obj
    if "settings" not in obj:
        obj["settings"] = Settings.load(database_url=obj.get("database_url"))
    return obj["settings"]


def open_database(ctx: click.Context, create: bool = False):
    """The deployment's database. Only ``create`` makes one where there is none: elsewhere a
    missing database means the command is not looking at the stack (see
    :func:`check_deployment`)."""
    from judge.storage import Database

    if not create:
        check_deployment(ctx)
    return Database(load_settings(ctx).database)


def check_deployment(ctx: click.Context) -> None:
    """Refuse to act on the built-in default database when nothing named it and it does not
    exist: run outside the stack's checkout, a command would otherwise make an empty database
    under the home folder, and its users' tokens would be refused by the running stack."""
    from judge.config import named_location
    from judge.storage import database_exists

    if ctx.find_root().obj.get("database_url") or named_location() is not None:
        return
    if database_exists(load_settings(ctx).database):
        return
    raise Failure(
        f"no judge deployment found: no settings file (no var/judge.env in {os.getcwd()}, "
        f"JUDGE_SETTINGS_FILE not set) and no database at {where_stored(ctx)}. Run it in the "
        "stack's "
        "checkout, or name the stack: --settings FILE (or JUDGE_SETTINGS_FILE), or "
        "JUDGE_DATABASE_URL / JUDGE_DATA_DIR; 'judge db init' makes a new database here.",
        Exit.USAGE,
    )


def where_stored(ctx: click.Context) -> str:
    """The database a command acts on, without its password."""
    from sqlalchemy.engine import make_url

    return make_url(load_settings(ctx).database).render_as_string(hide_password=True)


def say(message: str) -> None:
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
        _, token = add_user(open_database(ctx), name, admin)
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    # Which database: a token made in another stack's is refused by this one's API.
    say(f"added {name} to {where_stored(ctx)}; the API token (shown once) follows")
    click.echo(token)


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List users.

    Example: judge users list
    """
    from judge.users import list_users

    for user in list_users(open_database(ctx)):
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

    token = replace_token(open_database(ctx), name)
    if token is None:
        raise Failure(f"no user named {name!r}", Exit.USAGE)
    say(
        f"replaced {name}'s token in {where_stored(ctx)}: the old one is refused, "
        "the new one follows"
    )
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
        removed = remove_user(open_database(ctx), name, with_submissions)
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    if removed is None:
        raise Failure(f"no user named {name!r}", Exit.USAGE)
    say(f"removed {name} and {removed} submission(s) from {where_stored(ctx)}")


@main.group()
def db() -> None:
    """Manage the database."""


@db.command("init")
@click.pass_context
def db_init(ctx: click.Context) -> None:
    """Create the schema, or bring it up to date.

    Example: judge db init
    """
    open_database(ctx, create=True)
