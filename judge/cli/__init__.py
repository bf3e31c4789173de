"""The ``judge`` command: a candidate's loop (login, challenges, show, init, test, submit,
status, submissions, leaderboard) over the HTTP API, and the authors' and operators' tools.

Exit codes are :class:`Exit`'s, each with its meaning there; ``judge --help`` lists them from it
(scripts and CI jobs rely on them).

Every failure is one line on stderr, never a traceback (``JUDGE_DEBUG=1`` shows one).
"""

from __future__ import annotations

import enum
import inspect
import os
import sys
import textwrap
from typing import Any, TypeVar

import click

from judge.cli.output import printable
from judge.config import PREFIX, SETTINGS_FILE_VARIABLE
from judge.errors import ApiRefused, ConfigError, JudgeError, ServerUnreachable

DATABASE_URL_VARIABLE = PREFIX + "DATABASE_URL"


class Exit(enum.IntEnum):
    """The command's exit codes, each with what it means: the one list, which ``judge --help``
    prints (:func:`exit_codes_help`), so that a new code cannot go unlisted."""

    meaning: str

    def __new__(cls, code: int, meaning: str) -> Exit:
        member = int.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    OK = 0, "accepted or done (every local example passed)"
    REJECTED = 1, "rejected: a verdict other than accepted, or a check that found failures"
    USAGE = (
        2,
        (
            "usage: a bad argument, a file missing, unreadable or too large, an unknown challenge, "
            "a config file or setting that cannot be read"
        ),
    )
    SERVER = 3, "the server or the network: unreachable, an error on its side, an internal_error"
    AUTH = 4, "authentication: no token, a token the server refuses, or not an admin's"
    PENDING = 5, "still judging when --timeout ran out (judge status ID later)"
    QUOTA = 6, "not now: over a quota (submissions a minute, or waiting at once); try again later"


def exit_codes_help() -> str:
    """The exit codes as ``--help`` prints them, one a line (click's ``\\b``: not rewrapped)."""
    lines = [
        textwrap.fill(
            code.meaning, 76, initial_indent=f"  {code.value}  ", subsequent_indent="     "
        )
        for code in Exit
    ]
    return "\n".join(["\b", "Exit codes:", *lines])


class Failure(click.ClickException):
    """A command failed: one line on stderr, and the exit code of its kind."""

    def __init__(self, message: str, code: Exit = Exit.REJECTED) -> None:
        super().__init__(printable(message, newlines=False))
        self.exit_code = int(code)  # type: ignore[misc]  # click reads it per instance


def refusal(exc: ApiRefused) -> Failure:
    """The API's error, with the exit code of its kind."""
    if exc.status == 401:
        return Failure(f"the server refused the token: {exc} (run 'judge login')", Exit.AUTH)
    if exc.status == 403:
        return Failure(str(exc), Exit.AUTH)
    if exc.status == 429:
        wait = exc.retry_after_s
        when = f" (try again in {wait} s)" if wait and f"in {wait} s" not in str(exc) else ""
        return Failure(f"not now: {exc}{when}", Exit.QUOTA)
    if 400 <= exc.status < 500:
        return Failure(str(exc), Exit.USAGE)
    return Failure(f"the server failed (HTTP {exc.status}): {exc}", Exit.SERVER)


CANDIDATE = "Candidate commands"
OPERATOR = "Author and operator commands"


class Judge(click.Group):
    """The top-level group: commands listed in two sections, and every fault one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order of a candidate's loop, as defined

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for section in (CANDIDATE, OPERATOR):
            rows = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                if getattr(command, "section", OPERATOR) != section:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width - 20)))
            if rows:
                with formatter.section(section):
                    formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(int(Exit.OK)) from None
        except ServerUnreachable as exc:
            raise Failure(str(exc), Exit.SERVER) from None
        except ApiRefused as exc:
            raise refusal(exc) from None
        except ConfigError as exc:  # a setting or the config file: the user's to mend
            raise Failure(str(exc), Exit.USAGE) from None
        except JudgeError as exc:
            raise Failure(str(exc), Exit.SERVER) from None
        except Exception as exc:
            if os.environ.get("JUDGE_DEBUG"):
                raise
            raise Failure(
                f"unexpected failure: {exc!r} (JUDGE_DEBUG=1 shows the traceback)", Exit.SERVER
            ) from None


CommandT = TypeVar("CommandT", bound=click.Command)


def candidate(command: CommandT) -> CommandT:
    """Mark a command for the candidates' section of ``judge --help``."""
    command.section = CANDIDATE  # type: ignore[attr-defined]
    return command


@click.group(cls=Judge, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--settings",
    "settings_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The stack's settings file (operators; as JUDGE_SETTINGS_FILE). Default: var/judge.env "
    "in the working folder, if there is one.",
)
@click.option(
    "--database-url", envvar="JUDGE_DATABASE_URL", help="SQLAlchemy URL of the store (operators)."
)
@click.version_option(package_name="judge")
@click.pass_context
def main(ctx: click.Context, settings_path: str | None, database_url: str | None) -> None:
    """A sandboxed judge for machine-learning coding challenges.

    \b
    A candidate's loop:
      judge login --url http://judge.example:8000 --token TOKEN
      judge challenges
      judge init matmul solution.py     # the starter, to edit
      judge test matmul solution.py     # the public examples, on this machine
      judge submit matmul solution.py   # judged on the server; waits for the verdict
      judge leaderboard matmul
    """
    # Through the environment, so that what `judge serve` and `judge worker` become reads them too.
    if settings_path:
        os.environ[SETTINGS_FILE_VARIABLE] = os.path.abspath(settings_path)
    if database_url:
        os.environ[DATABASE_URL_VARIABLE] = database_url
    ctx.obj = {"database_url": database_url}


main.help = f"{inspect.cleandoc(main.help or '')}\n\n{exit_codes_help()}"


# They add their commands to main, which lists them as they are added: a candidate's loop in its
# order, then the operators' commands.
# isort: off
from judge.cli import server, catalogue, workspace, candidates  # noqa: E402
from judge.cli import operators, authors, stack, assessments, similar  # noqa: E402
# isort: on

__all__ = [
    "Exit",
    "Failure",
    "assessments",
    "authors",
    "candidates",
    "catalogue",
    "main",
    "operators",
    "server",
    "similar",
    "stack",
    "workspace",
]

if __name__ == "__main__":
    sys.exit(main())
