"""Drafts in the core, on SQLite and on PostgreSQL: one per user and challenge, each save
replacing it, under the size limit submissions have; each user's own; gone with their user."""

from __future__ import annotations

import threading

import pytest

from judge import drafts
from judge.drafts import load_draft, save_draft
from judge.storage import Database
from judge.submissions import SourceRefused
from judge.users import add_user, remove_user

LIMIT = 1024


def test_a_draft_is_saved_replaced_and_kept_apart(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    bob, _ = add_user(db, "bob")
    assert load_draft(db, ada, "matmul") is None
    first = save_draft(db, ada, "matmul", "x = 1\n", LIMIT)
    second = save_draft(db, ada, "matmul", "x = 'é'\n", LIMIT)
    save_draft(db, ada, "relu", "y = 2\n", LIMIT)
    found = load_draft(db, ada, "matmul")
    assert found is not None and found.source == "x = 'é'\n"
    assert found.updated_at == second.updated_at >= first.updated_at
    assert load_draft(db, bob, "matmul") is None, "a draft is its user's own"
    save_draft(db, bob, "matmul", "mine\n", LIMIT)
    assert load_draft(db, ada, "matmul").source == "x = 'é'\n"


@pytest.mark.parametrize(
    ("source", "too_large", "words"),
    [("#" * (LIMIT + 1), True, "limit"), ("x\x00", False, "NUL"), ("\ud800", False, "UTF-8")],
)
def test_a_draft_has_the_submissions_limits(database_url, source, too_large, words):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    save_draft(db, ada, "matmul", "kept\n", LIMIT)
    with pytest.raises(SourceRefused, match=words) as refused:
        save_draft(db, ada, "matmul", source, LIMIT)
    assert refused.value.too_large is too_large
    assert load_draft(db, ada, "matmul").source == "kept\n"


def test_a_save_that_another_one_overtakes_still_lands(database_url, monkeypatch):
    """Two tabs save at once: both find no draft, one inserts first; the other's insert meets
    the first's row, and it overwrites it instead of failing."""
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    save_draft(db, ada, "matmul", "the other tab's\n", LIMIT)
    replace, calls = drafts._replace, []

    def overtaken(session, draft):
        calls.append(draft.source)
        return False if len(calls) == 1 else replace(session, draft)

    monkeypatch.setattr(drafts, "_replace", overtaken)
    save_draft(db, ada, "matmul", "this tab's\n", LIMIT)
    assert calls == ["this tab's\n"] * 2
    assert load_draft(db, ada, "matmul").source == "this tab's\n"


def test_saves_at_once_from_many_tabs_leave_one_draft(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    start, failures = threading.Barrier(6), []

    def save(n: int) -> None:
        start.wait()
        try:
            save_draft(db, ada, "matmul", f"tab {n}\n", LIMIT)
        except Exception as exc:  # whatever it is, the test reports it
            failures.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert load_draft(db, ada, "matmul").source.startswith("tab ")


def test_a_users_drafts_go_with_them(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    save_draft(db, ada, "matmul", "x = 1\n", LIMIT)
    assert remove_user(db, "ada") == 0
    again, _ = add_user(db, "ada")
    assert load_draft(db, again, "matmul") is None


def test_migration_0008_adds_drafts_to_a_database_in_use_and_takes_them_back(database_url):
    """A deployment at 0007 with users keeps them through 0008; its downgrade drops only drafts."""
    from alembic import command
    from sqlalchemy import create_engine, func, inspect, select
    from sqlalchemy.orm import Session

    from judge.schema import alembic_config
    from judge.storage import User

    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0007")
        assert "drafts" not in inspect(engine).get_table_names()
        with Session(engine) as session:
            session.add(User(name="ada", token_hash="0" * 64))
            session.commit()
        db = Database(database_url)  # brings it to the newest, as a process starting does
        with db.session() as session:
            ada = session.scalars(select(User).where(User.name == "ada")).one()
        save_draft(db, ada, "matmul", "x = 1\n", LIMIT)
        assert load_draft(db, ada, "matmul").source == "x = 1\n"
        db.close()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0007")
        assert "drafts" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(User)) == 1
    finally:
        engine.dispose()
