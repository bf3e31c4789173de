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
from rich.table import Table

from judge.verdicts import Verdict

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
        """Rows under their columns. On a terminal, no word of a ``keep`` column (what a user
        types next: a slug, an id, a case's name) is ever cut: the table is fitted to the
        terminal by wrapping the other columns, then by leaving out the ``optional`` ones, in
        that order (:func:`fit_columns`)."""
        cells = [
            ["" if v is None else printable(str(v), newlines=False) for v in row] for row in rows
        ]
        title = printable(title, newlines=False)
        if self.terminal:
            self.console.print(self._rich_table(columns, cells, title, keep, optional))
            return
        if title:
            click.echo(title)
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
        for row in [list(columns), *cells]:
            click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())

    def _rich_table(
        self,
        columns: Sequence[str],
        cells: list[list[str]],
        title: str,
        keep: Collection[str],
        optional: Sequence[str],
    ) -> Table:
        widths = fit_columns(columns, cells, keep, optional, self.console.width)
        table = Table(title=escape(title) or None, title_justify="left")
        for name in columns:
            if widths is None:  # not even the kept columns fit: rich's own squeezing
                table.add_column(name)
            elif name in widths:
                table.add_column(name, width=widths[name], overflow="fold")
        for row in cells:
            named = zip(columns, row, strict=True)
            shown = (cell for name, cell in named if widths is None or name in widths)
            table.add_row(*(self._styled(cell) for cell in shown))
        return table

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


def fit_columns(
    columns: Sequence[str],
    cells: Sequence[Sequence[str]],
    keep: Collection[str],
    optional: Sequence[str],
    width: int,
) -> dict[str, int] | None:
    """Each shown column's width for a table of ``width`` characters, borders included; ``None``
    when even its columns that stay cannot fit. Columns narrow from the widest down, each to
    its longest word (in a column not kept, at most :data:`FOLDS` characters of it: a longer
    word folds); the ``optional`` ones are left out, in order, while the table is still too
    wide; and where it is even so, every column folds."""
    shown = list(columns)
    for dropped in [None, *optional]:
        if dropped is not None:
            shown.remove(dropped)
        found = _narrowed(columns, cells, keep, shown, width)
        if found is not None:
            return found
    # Narrower still: the kept columns fold too, every character shown, none replaced by "…".
    return _narrowed(columns, cells, keep, shown, width, kept_folds=True)


def _narrowed(
    columns: Sequence[str],
    cells: Sequence[Sequence[str]],
    keep: Collection[str],
    shown: list[str],
    width: int,
    kept_folds: bool = False,
) -> dict[str, int] | None:
    texts = {name: [name, *(row[columns.index(name)] for row in cells)] for name in shown}
    widths = {name: max(len(text) for text in texts[name]) for name in shown}
    longest = {
        name: max(len(w) for text in texts[name] for w in [*text.split(), ""]) for name in shown
    }
    least = {
        name: (1 if kept_folds else longest[name]) if name in keep else min(longest[name], FOLDS)
        for name in shown
    }
    # Each column: a space either side, and a border; one more border closes the row.
    room = width - (3 * len(shown) + 1)
    while sum(widths.values()) > room:
        narrowable = [n for n in shown if widths[n] > least[n]]
        if not narrowable:
            return None
        # The columns not kept give way first, the widest of them first.
        widest = max(narrowable, key=lambda n: (n not in keep, widths[n]))
        widths[widest] -= 1
    return widths


# How long a word of a column that is not kept may be and still never be cut (longer ones fold).
FOLDS = 16


class StatusLine:
    def __init__(self, show: Any) -> None:
        self._show = show
        self._last = ""

    def update(self, text: str) -> None:
        if text != self._last:
            self._last = text
            self._show(text)
