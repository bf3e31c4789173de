"""Similarity between submissions (issue 29): fingerprints that survive a copier's moves and
differ for different code, the score, the calibration on a real package, and the index in a real
database (SQLite and PostgreSQL), with its migration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from judge import similarity, similarity_index, similarity_thresholds
from judge.similarity import fingerprints, given_prints, score
from judge.similarity_index import similar_to
from judge.similarity_thresholds import threshold
from judge.storage import Database, SubmissionFingerprint
from judge.submissions import create_submission
from judge.users import add_user, remove_user

ROOT = Path(__file__).resolve().parent.parent
MATMUL = ROOT / "challenges" / "matmul"

ORIGINAL = '''
import numpy as np


def _pairwise(points, centres):
    """Squared distances, points by centres."""
    diff = points[:, None, :] - centres[None, :, :]
    return (diff ** 2).sum(axis=2)


def kmeans(points, k, steps=10):
    # start from the first k points
    centres = points[:k].copy()
    for _ in range(steps):
        labels = _pairwise(points, centres).argmin(axis=1)
        for j in range(k):
            members = points[labels == j]
            if len(members):
                centres[j] = members.mean(axis=0)
    return centres, labels
'''

# The same code by a copier: names changed, comments and docstring gone, the layout changed.
RENAMED = """
import numpy as np
def dist(X, C):
    d = X[:, None, :] - C[None, :, :]
    return (d**2).sum(axis=2)
def kmeans(X, n_clusters, steps=10):
    C = X[:n_clusters].copy()   # my own centres
    for it in range(steps):
        assign = dist(X, C).argmin(axis=1)

        for c in range(n_clusters):
            chosen = X[assign == c]
            if len(chosen): C[c] = chosen.mean(axis=0)
    return C, assign
"""

# And the functions swapped: only the fingerprints across their boundary change.
COPY = """
import numpy as np
def kmeans(X, n_clusters, steps=10):
    C = X[:n_clusters].copy()   # my own centres
    for it in range(steps):
        assign = dist(X, C).argmin(axis=1)

        for c in range(n_clusters):
            chosen = X[assign == c]
            if len(chosen): C[c] = chosen.mean(axis=0)
    return C, assign
def dist(X, C):
    d = X[:, None, :] - C[None, :, :]
    return (d**2).sum(axis=2)
"""

OTHER = """
import numpy as np


def kmeans(points, k, steps=10):
    rng = np.random.default_rng(0)
    centres = points[rng.choice(len(points), size=k, replace=False)]
    for _ in range(steps):
        near = np.argmin(np.linalg.norm(points[:, None] - centres, axis=-1), axis=1)
        centres = np.stack([points[near == j].mean(0) for j in range(k)])
    return centres, near
"""


def test_renaming_reformatting_and_comments_change_nothing():
    assert fingerprints(ORIGINAL) == fingerprints(RENAMED)


def test_reordered_functions_keep_the_copy_above_any_packages_honest_pairs():
    assert fingerprints(ORIGINAL) != fingerprints(COPY)
    assert (
        score(fingerprints(ORIGINAL), fingerprints(COPY)) >= 0.9
    )  # the closest honest pair of any package is 0.75


def test_dead_code_and_a_helper_leave_the_copy_above_any_packages_honest_pairs():
    padded = COPY + "\n\ndef unused(a):\n    total = 0\n    for x in a:\n        total += x\n"
    padded = padded.replace("    return C, assign", "    debug = None\n    return C, assign")
    assert (
        score(fingerprints(ORIGINAL), fingerprints(padded)) >= 0.9
    )  # the closest honest pair of any package is 0.75


def test_different_code_scores_low():
    assert score(fingerprints(ORIGINAL), fingerprints(OTHER)) < similarity_thresholds.LOWEST


def test_library_calls_tell_approaches_apart():
    """Only the names the source binds are normalised: np.dot is not np.matmul, though the two
    would read the same with every name written V."""
    dot = "import numpy as np\ndef f(a, b):\n    c = np.dot(a, b)\n    return c + 1\n"
    matmul = dot.replace("np.dot", "np.matmul")
    renamed = "import numpy as np\ndef g(x, y):\n    xy = np.dot(x, y)\n    return xy + 1\n"
    assert fingerprints(dot) == fingerprints(renamed)
    # Every k-gram that touches the call differs; only the header's remain.
    assert score(fingerprints(dot), fingerprints(matmul)) < 0.7


def test_the_starter_does_not_count():
    starter = (MATMUL / "starter.py").read_text()
    given = given_prints(starter)
    assert given and fingerprints(starter, given) == set()
    mine = starter.replace("raise NotImplementedError", "return np.matmul(A, B)")
    assert fingerprints(mine) & given
    assert not fingerprints(mine, given) & given


def test_hashes_are_stable_across_processes_and_fit_a_signed_64_bit_column():
    code = "from judge.similarity import fingerprints; print(sorted(fingerprints(open(0).read())))"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            input=ORIGINAL,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == f"{sorted(fingerprints(ORIGINAL))}\n"
    assert all(0 <= h < 2**63 for h in fingerprints(ORIGINAL))


def test_malformed_source_has_no_fingerprints_and_scores_zero():
    for source in ("def f(:\n", "x = '''unterminated\n", "\x00\x00", "", "(" * 1000):
        assert fingerprints(source) == set()
    assert score(set(), fingerprints(ORIGINAL)) == 0.0
    assert score(set(), set()) == 0.0


def test_docstrings_count_as_comments():
    bare = "def f(x):\n    return x * 2 + 1\n"
    documented = 'def f(x):\n    """Twice x, plus one."""\n    return x * 2 + 1\n'
    assert fingerprints(bare) == fingerprints(documented)


def test_calibration_puts_matmuls_independent_solutions_below_its_threshold():
    solutions = list(similarity_thresholds.package_solutions(MATMUL).values())
    assert len(solutions) == 4  # three right/ files and the reference
    given = similarity_thresholds.package_given(MATMUL)
    assert given_prints((MATMUL / "starter.py").read_text()) <= given
    limit = similarity_thresholds.package_threshold(MATMUL)
    assert limit == threshold(solutions, given)
    assert similarity_thresholds.LOWEST <= limit <= similarity_thresholds.HIGHEST
    prints = [fingerprints(source, given) for source in solutions]
    assert all(score(a, b) < limit for i, a in enumerate(prints) for b in prints[i + 1 :])
    assert threshold([]) == similarity_thresholds.LOWEST


def _variant(n: int) -> str:
    """Unrelated code, one per n, for the index to hold many of."""
    return f"def f{n}(a):\n    total = {n}\n" + "".join(
        f"    total = total * {n % (i + 2)} + a[{i}] // (len(a) - {i}) - step_{(n + i) % 5}(a)\n"
        for i in range(n % 4 + 2)
    )


def test_the_index_finds_the_copy_among_many_and_not_the_unrelated(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    stored = {}
    for n in range(60):
        source = ORIGINAL if n == 37 else OTHER if n == 12 else _variant(n)
        submission = create_submission(db, ada, "kmeans", source)
        stored[n] = submission.id
        similarity_index.index_submission(db, submission.id, "kmeans", fingerprints(source))
    elsewhere = create_submission(db, ada, "knn", ORIGINAL)
    similarity_index.index_submission(db, elsewhere.id, "knn", fingerprints(ORIGINAL))
    new = create_submission(db, ada, "kmeans", COPY)
    prints = fingerprints(COPY)
    similarity_index.index_submission(db, new.id, "kmeans", prints)
    found = similar_to(db, new.id, "kmeans", prints, 0.6)
    assert [other for other, _ in found] == [stored[37]]
    # Indexed again, it is replaced, not doubled.
    similarity_index.index_submission(db, new.id, "kmeans", prints)
    with db.session() as session:
        rows = session.scalar(
            select(func.count()).where(SubmissionFingerprint.submission_id == new.id)
        )
    assert rows == len(prints)
    assert similar_to(db, new.id, "kmeans", set(), 0.0) == []
    # A removed user's submissions take their fingerprints with them.
    assert remove_user(db, "ada", with_submissions=True) == 62
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(SubmissionFingerprint)) == 0
    db.close()


def test_migrations_0011_and_0012_add_the_index_and_matches_in_use_and_take_them_back(
    database_url,
):
    from alembic import command
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.orm import Session

    from judge.schema import alembic_config
    from judge.storage import Submission, User

    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0010")
        assert "submission_fingerprints" not in inspect(engine).get_table_names()
        with Session(engine) as session:
            ada = User(name="ada", token_hash="0" * 64)
            session.add(ada)
            session.flush()
            session.add(Submission(user_id=ada.id, challenge="kmeans", source=ORIGINAL))
            session.commit()
        db = Database(database_url)
        prints = fingerprints(ORIGINAL)
        similarity_index.index_submission(db, 1, "kmeans", prints)
        assert similar_to(db, 2, "kmeans", prints, 0.9) == [(1, 1.0)]
        assert "similar_matches" in inspect(engine).get_table_names()
        db.close()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0010")
        names = inspect(engine).get_table_names()
        assert "submission_fingerprints" not in names and "candidates" in names
        assert "similar_matches" not in names
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Submission)) == 1
    finally:
        engine.dispose()


def test_the_shared_regions_follow_moved_code_to_its_new_lines():
    """COPY has ORIGINAL's two functions swapped: each one's region in the original points at
    its lines in the copy."""
    regions = similarity.matching_regions(ORIGINAL, COPY)
    lines = ORIGINAL.splitlines()
    pairwise = lines.index("def _pairwise(points, centres):") + 1
    kmeans_a = lines.index("def kmeans(points, k, steps=10):") + 1
    copy = COPY.splitlines()
    dist, kmeans_b = copy.index("def dist(X, C):") + 1, copy.index(copy[2]) + 1
    assert [m.a[0] for m in regions] == sorted(m.a[0] for m in regions), "in a's order"
    by_start = {m.a[0]: m for m in regions}
    assert by_start[pairwise].b[0] == dist
    kmeans = next(m for m in regions if m.a[0] <= kmeans_a <= m.a[1])
    assert kmeans.b[0] <= kmeans_b + 1 and kmeans.b[1] >= len(copy) - 4
    assert all(m.tokens >= similarity.K for m in regions)


def test_different_code_shares_only_idioms_and_the_given_code_nothing():
    # An import, a header, a loop's first line: a dozen tokens at most; the copy, whole bodies.
    assert max(m.tokens for m in similarity.matching_regions(ORIGINAL, OTHER)) < 16
    assert max(m.tokens for m in similarity.matching_regions(ORIGINAL, COPY)) > 60
    starter = (MATMUL / "starter.py").read_text()
    given = given_prints(starter)
    mine = starter.replace("raise NotImplementedError", "return np.matmul(A, B)")
    theirs = starter.replace("raise NotImplementedError", "return A @ B")
    # The starter is all the two share: one region of it, less with it left out (where each
    # answer meets it, one k-gram).
    assert max(m.tokens for m in similarity.matching_regions(mine, theirs)) >= 20
    assert all(m.tokens <= similarity.K for m in similarity.matching_regions(mine, theirs, given))
    assert similarity.matching_regions("def (:", ORIGINAL) == []


def test_a_repeated_line_costs_the_regions_linear_time():
    """Thousands of equal lines on both sides: each k-gram is tried from the first
    MAX_STARTS of its places only, and the run found covers the rest."""
    import time

    body = "x = a + b\n" * 5000
    started = time.process_time()
    regions = similarity.matching_regions(body, body)
    assert time.process_time() - started < 10  # quadratic would be minutes
    assert regions and regions[0].a == (1, 5000)
