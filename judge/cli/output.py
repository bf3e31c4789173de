"""What the ``judge`` command prints: rich tables, colour and a live status line on a terminal;
plain, aligned text (easy to grep and parse) when the output is a file or a pipe."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from typing import Any

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from judge.verdicts import Verdict

# Wider than any terminal: a table measured at this width shows its own narrowest layout.
UNBOUNDED = 1 << 20

# Keyed by the verdicts' text: the server's statuses are looked up as they come.
COLOURS: dict[str, str] = {
    Verdict.ACCEPTED: "green",
    Verdict.QUEUED: "cyan",
    Verdict.RUNNING: "cyan",
    Verdict.SKIPPED: "dim",
    Verdict.INTERNAL_ERROR: "magenta",
}


VERDICTS = {v.value for v in Verdict}
# Control characters (all but newline and tab): in a case's message they come from the
# submission (its exception's text), and a terminal would obey them.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, newlines: bool = True) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), never sent as they are;
    without ``newlines``, on one line."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if newlines else text.replace("\n", " ")


@dataclasses.dataclass(frozen=True)
class Styled:
    """Text the command styles itself (a verdict's colour). Its text may still have come from
    the server, so it is escaped first, then styled: the escaping is for the server's bytes, the
    colour is ours."""

    text: str
    colour: str = ""

    def render(self, terminal: bool) -> str:
        text = printable(self.text, newlines=False)
        if not terminal or not self.colour:
            return text
        dim = self.colour == "dim"
        return click.style(text, fg=None if dim else self.colour, dim=dim)


class Output:
    """One command's output: ``stdout`` for results, ``stderr`` for progress and notes."""

    def __init__(self) -> None:
        self.terminal = sys.stdout.isatty()
        self.console = Console(highlight=False, soft_wrap=not self.terminal)
        self.progress_terminal = sys.stderr.isatty()
        self.err = Console(stderr=True, highlight=False)

    def line(self, *parts: str | Styled) -> None:
        """One line of output: text shown with its control characters escaped, and the
        command's own styled parts."""
        shown = (p.render(self.terminal) if isinstance(p, Styled) else printable(p) for p in parts)
        click.echo("".join(shown))

    def note(self, text: str) -> None:
        click.echo(printable(text), err=True)

    def verdict(self, status: str) -> Styled:
        """A verdict, coloured on a terminal (by ``line``)."""
        return Styled(status, COLOURS.get(status, "red"))

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        title: str = "",
        keep: Collection[str] = (),
        optional: Sequence[str] = (),
    ) -> None:
        """Rows under their columns. On a terminal, the ``keep`` columns (what a user types
        next, a slug) are never cut: the other columns wrap, and the ``optional`` ones are left
        out, in that order, while the table is too wide for the terminal even so."""
        cells = [
            ["" if v is None else printable(str(v), newlines=False) for v in row] for row in rows
        ]
        title = printable(title, newlines=False)
        if self.terminal:
            shown = list(columns)
            table = self._rich_table(columns, shown, cells, title, keep)
            for name in optional:
                if self._fits(table):
                    break
                shown.remove(name)
                table = self._rich_table(columns, shown, cells, title, keep)
            self.console.print(table)
            return
        if title:
            click.echo(title)
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
        for row in [list(columns), *cells]:
            click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())

    def _rich_table(
        self,
        columns: Sequence[str],
        shown: list[str],
        cells: list[list[str]],
        title: str,
        keep: Collection[str],
    ) -> Table:
        table = Table(title=escape(title) or None, title_justify="left")
        for name in shown:
            table.add_column(name, no_wrap=name in keep)
        for row in cells:
            named = zip(columns, row, strict=True)
            table.add_row(*(self._styled(cell) for name, cell in named if name in shown))
        return table

    def _fits(self, table: Table) -> bool:
        """Whether ``table`` fits the terminal with no word cut: its narrowest layout (each
        column as wide as its longest word, or its whole text where it must not wrap)."""
        unbounded = self.console.options.update_width(UNBOUNDED)
        return Measurement.get(self.console, unbounded, table).minimum <= self.console.width

    def _styled(self, cell: str) -> str:
        colour = COLOURS.get(cell) or ("red" if cell in VERDICTS else "")
        return f"[{colour}]{escape(cell)}[/]" if colour else escape(cell)

    def markdown(self, text: str) -> None:
        text = printable(text)
        if self.terminal:
            self.console.print(Markdown(text))
        else:
            click.echo(text.rstrip())

    @contextlib.contextmanager
    def status(self) -> Iterator[StatusLine]:
        """A line that shows where a long wait stands: redrawn in place on a terminal, printed
        once per change to stderr otherwise."""
        if self.progress_terminal:
            with self.err.status("") as live:
                yield StatusLine(lambda text: live.update(escape(text)))
        else:
            yield StatusLine(self.note)


class StatusLine:
    def __init__(self, show: Any) -> None:
        self._show = show
        self._last = ""

    def update(self, text: str) -> None:
        if text != self._last:
            self._last = text
            self._show(text)
