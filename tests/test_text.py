"""Text from the sandbox stored safely: control characters and lone surrogates escaped, length
bounded, and a hostile judgement recorded and read back."""

from __future__ import annotations

import pytest

from judge.case_grading import CaseResult
from judge.config import Settings
from judge.grading import Judgement
from judge.storage import Database
from judge.submissions import create_submission, get_submission, record
from judge.text import safe_text
from judge.users import add_user
from judge.verdicts import Verdict
from tests import sources


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, ünïcode and 🙂", "plain text, ünïcode and 🙂"),
        ("lines\nand\ttabs stay", "lines\nand\ttabs stay"),
        ("nul\x00here", "nul\\x00here"),
        ("\x1b[2J\x1b]0;owned\x07", "\\x1b[2J\\x1b]0;owned\\x07"),
        ("carriage\rreturn", "carriage\\x0dreturn"),
        ("del\x7f and c1 \x85\x9b", "del\\x7f and c1 \\x85\\x9b"),
        ("lone \ud800 and \udfff", "lone \\ud800 and \\udfff"),
    ],
)
def test_unsafe_characters_are_shown_as_escapes(raw, shown):
    assert safe_text(raw) == shown
    assert "\x00" not in safe_text(raw)
    safe_text(raw).encode("utf-8")  # never raises


def test_any_value_becomes_text():
    assert safe_text(None) == ""
    assert safe_text(42) == "42"
    assert safe_text(ValueError("bad\x00")) == "bad\\x00"
    assert safe_text(b"bytes \xff\x00") == "bytes \\xff\\x00"


def test_clipped_text_ends_with_an_ellipsis_within_the_limit():
    assert safe_text("abcdef", 6) == "abcdef"
    assert safe_text("abcdefg", 6) == "abcde…"
    assert safe_text("abcdefg", 1) == "…"
    assert safe_text("abc", 0) == ""
    assert len(safe_text("x" * 10_000, 100)) == 100


def test_an_escape_is_never_cut_in_half():
    # "ab\x00cd" shows as "ab\\x00cd": 8 characters; 5 leave room for "ab" and part of the escape.
    assert safe_text("ab\x00cd", 5) == "ab…"
    assert safe_text("ab\x00cd", 7) == "ab\\x00…"
    assert safe_text("\ud800" * 3, 8) == "\\ud800…"


def test_a_hostile_judgement_is_recorded_escaped(tmp_path, database_url):
    settings = Settings.load({}, data_dir=tmp_path, database_url=database_url)
    db = Database(settings.database)
    user, _ = add_user(db, "mallory")
    submission = create_submission(db, user, "matmul", sources.DOT)
    hostile = "boom\x00 \x1b[31mred\x1b[0m \ud800"
    escaped = "boom\\x00 \\x1b[31mred\\x1b[0m \\ud800"
    judgement = Judgement(
        Verdict.RUNTIME_ERROR,
        hostile,
        [CaseResult("case\x00" + "n" * 200, Verdict.RUNTIME_ERROR, hostile, public=True)],
        log="stderr " + hostile,
        flag_reason=hostile,
    )
    assert record(db, submission.id, judgement)
    stored = get_submission(db, submission.id)
    assert stored.status == "runtime_error"
    assert stored.message == escaped and stored.flagged == escaped
    assert stored.log == "stderr " + escaped
    (case,) = stored.cases
    assert case.message == escaped
    assert case.name.startswith("case\\x00nnn") and case.name.endswith("…")
    assert len(case.name) == 128  # the column's width
