"""The schema comes from migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from judge.storage import Base, Database


def test_migrations_build_exactly_the_models(database_url):
    db = Database(database_url)
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], "models changed without a migration: see judge/migrations/README.md"
    assert "alembic_version" in inspect(db.engine).get_table_names()


def test_opening_twice_is_harmless(database_url):
    Database(database_url)
    Database(database_url)


def test_processes_opening_a_new_database_at_once_agree_on_its_schema(database_url):
    """The API's processes and the workers start together: each migrates, or finds it done."""
    import subprocess
    import sys

    opening = "import sys; from judge.storage import Database; Database(sys.argv[1])"
    processes = [
        subprocess.Popen([sys.executable, "-c", opening, database_url], stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    failures = [p.stderr.read().decode()[-1500:] for p in processes if p.wait(120) != 0]
    for process in processes:
        process.stderr.close()
    assert failures == []
    db = Database(database_url)
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_a_submission_is_claimed_once_by_workers_at_once(database_url):
    """Eight workers take the same task at the same moment: one judges it."""
    import threading

    from judge.submissions import claim, create_submission
    from judge.users import add_user

    db = Database(database_url)
    user, _ = add_user(db, "racer")
    for _ in range(5):
        submission = create_submission(db, user, "matmul", "x = 1")
        start = threading.Barrier(8)
        won = []

        def race(sid=submission.id, start=start, won=won):
            start.wait()
            if claim(db, sid) is not None:
                won.append(threading.get_ident())

        threads = [threading.Thread(target=race) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(won) == 1
