"""Standings over a real SQLite database: leaderboards, the global ranking, a user's, the
acceptance figures and the runtime distribution."""

from __future__ import annotations

import pytest

from judge.standings import (
    RuntimeDistribution,
    challenge_stats,
    global_standings,
    leaderboard,
    runtime_distribution,
    user_standing,
)
from judge.storage import Database, Submission, User


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/judge.db")
    rows = [
        # user, challenge, status, score, flagged
        ("ann", "matmul", "accepted", 1.2, ""),
        ("ann", "matmul", "accepted", 0.9, ""),
        ("ann", "knn", "accepted", 2.0, ""),
        ("bob", "matmul", "accepted", 0.5, "claims more than it took"),
        ("bob", "matmul", "accepted", 1.0, ""),
        ("bob", "matmul", "wrong_answer", None, ""),
        ("cy", "matmul", "accepted", None, ""),  # accepted, never timed
        ("cy", "knn", "running", None, ""),
        ("dee", "knn", "accepted", 1.5, ""),
        ("dee", "matmul", "accepted", 0.8, ""),
    ]
    with database.session() as session:
        users = {
            name: User(name=name, token_hash=name * 16) for name in ("ann", "bob", "cy", "dee")
        }
        session.add_all(users.values())
        session.flush()
        for name, challenge, status, score, flagged in rows:
            session.add(
                Submission(
                    user_id=users[name].id,
                    challenge=challenge,
                    source="",
                    status=status,
                    score=score,
                    median_ms=None if score is None else 2.0 * score,
                    flagged=flagged,
                )
            )
        session.commit()
    return database


def test_a_leaderboard_takes_each_users_best_believable_score(db):
    board = leaderboard(db, "matmul")
    assert [(e["rank"], e["user"], e["score"]) for e in board] == [
        (1, "dee", 0.8),
        (2, "ann", 0.9),
        (3, "bob", 1.0),  # bob's flagged 0.5 is not believed
    ]


def test_the_global_ranking_counts_solved_then_sums_scores(db):
    standings = global_standings(db)
    assert [(s["user"], s["solved"], round(s["score_sum"], 6)) for s in standings] == [
        ("dee", 2, 2.3),
        ("ann", 2, 2.9),
        ("bob", 1, 1.0),
        ("cy", 1, 0.0),  # solved, never timed: after those whose solve has a score
    ]


def test_challenge_figures_leave_submissions_in_flight_out(db):
    stats = challenge_stats(db)
    assert (stats["matmul"].solvers, stats["matmul"].judged, stats["matmul"].accepted) == (4, 7, 6)
    assert stats["knn"].judged == 2 and stats["knn"].acceptance == 1.0


def test_a_users_standing(db):
    ann = user_standing(db, "ann")
    assert ann["attempted"] == 2
    assert {(s["challenge"], s["score"]) for s in ann["solved"]} == {("matmul", 0.9), ("knn", 2.0)}
    bob = user_standing(db, "bob")
    assert [(s["challenge"], s["score"]) for s in bob["solved"]] == [("matmul", 1.0)]
    assert user_standing(db, "nobody") is None


def test_the_runtime_distribution_marks_the_reference(db):
    # Rows scored before the clock was stored are on the outside clock.
    distribution = runtime_distribution(db, "matmul", "outside")
    assert sorted(distribution.medians_ms) == [1.6, 1.8, 2.0, 2.4]  # ranked ones only
    assert distribution.reference_ms == pytest.approx(2.0)  # median_ms / score
    bins = distribution.bins(8)
    assert sum(count for _, _, count in bins) == 4
    assert bins[0][0] == pytest.approx(1.6) and bins[-1][1] == pytest.approx(2.4)
    assert RuntimeDistribution([], None).bins() == []
    single = RuntimeDistribution([3.0], None).bins(4)
    assert sum(c for _, _, c in single) == 1 and single[0][0] < 3.0 < single[-1][1]


def test_a_runtime_distribution_never_mixes_two_clocks(db):
    """The plot shows the figures a score is made of: CPU times for a CPU challenge, never
    outside times beside them (the same solution lands at both ends of the plot when the host
    was busy for one of them)."""
    with db.session() as session:
        ann = session.query(User).filter_by(name="ann").one()
        for median, reference in ((50.0, 65.0), (61.0, 64.0)):
            session.add(
                Submission(
                    user_id=ann.id,
                    challenge="matmul",
                    source="",
                    status="accepted",
                    score=median / reference,
                    median_ms=median,
                    reference_ms=reference,
                    clock="cpu",
                )
            )
        session.commit()
    on_cpu = runtime_distribution(db, "matmul", "cpu")
    assert sorted(on_cpu.medians_ms) == [50.0, 61.0]
    assert on_cpu.reference_ms == pytest.approx(64.5)
    assert 50.0 not in runtime_distribution(db, "matmul", "outside").medians_ms
    board = {e["user"]: e["clock"] for e in leaderboard(db, "matmul")}
    assert board == {"ann": "cpu", "dee": "outside", "bob": "outside"}
