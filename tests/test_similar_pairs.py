"""The reviewers' similarity listing (issue 29), on SQLite and PostgreSQL: submissions stored and
indexed as the worker indexes them; the pairs of a challenge (a renamed copy found with its
score, unrelated code and one user's own resubmission not), the pairs among an assessment's
candidates only (named by their own names), the threshold cached per version of the package,
the API (an admin's alone) and ``judge similar``."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from api import create_app
from judge import (
    assessments,
    candidates,
    similar_pairs,
    similarity,
    similarity_index,
    similarity_thresholds,
)
from judge.challenge_packages import ChallengeRepository
from judge.cli import Exit, main
from judge.config import REPO_ROOT
from judge.storage import User
from judge.submissions import create_submission
from judge.users import add_user
from tests.test_similarity import ORIGINAL, OTHER

KMEANS = REPO_ROOT / "challenges" / "kmeans"

# A copier's: names changed, the docstring gone, the layout changed, one dead statement.
COPY = """
import numpy as np
def dist(X, C):
    d = X[:, None, :] - C[None, :, :]
    return (d**2).sum(axis=2)
def kmeans(X, n_clusters, steps=10):
    C = X[:n_clusters].copy()
    for it in range(steps):
        assign = dist(X, C).argmin(axis=1)
        for c in range(n_clusters):
            chosen = X[assign == c]
            if len(chosen): C[c] = chosen.mean(axis=0)
    unused = None
    return C, assign
"""


def sent(db, user: User, source: str, challenge: str = "kmeans") -> int:
    """A submission, indexed as the worker indexes a judged one."""
    submission = create_submission(db, user, challenge, source)
    given = similarity_thresholds.package_given(REPO_ROOT / "challenges" / challenge)
    prints = similarity.fingerprints(source, given)
    similarity_index.record(db, submission.id, challenge, prints)
    return submission.id


def user_of(db, candidate) -> User:
    with db.session() as session:
        return session.get(User, candidate.user_id)


@pytest.fixture
def app(tmp_path, database_url):
    return create_app({"data_dir": tmp_path, "database_url": database_url})


@pytest.fixture
def world(app):
    """Public users ada (the original, and her own second try), bob (a copy of it) and cy
    (other code); an assessment on kmeans whose candidates Dora (the original) and Eve (a copy)
    are, and a candidate of another assessment with a copy too."""
    db = app.extensions["judge"].db
    ada, bob, cy = (add_user(db, name)[0] for name in ("ada", "bob", "cy"))
    ids = {
        "ada": sent(db, ada, ORIGINAL),
        "ada again": sent(db, ada, ORIGINAL + "\nTRIES = 2\n"),
        "bob": sent(db, bob, COPY),
        "cy": sent(db, cy, OTHER),
        "bob on knn": sent(db, bob, ORIGINAL, "knn"),
    }
    known = ["kmeans", "knn"]
    this = assessments.create_assessment(
        db, known, title="Round 1", challenges=["kmeans", "knn"], duration_s=3600
    )
    other = assessments.create_assessment(
        db, known, title="Round 2", challenges=["kmeans"], duration_s=3600
    )
    for key, assessment, name, source in (
        ("dora", this, "Dora Original", ORIGINAL),
        ("eve", this, "Eve Copier", COPY),
        ("fay", other, "Fay Elsewhere", COPY),
    ):
        candidate, _ = candidates.invite(db, assessment.id, name)
        ids[key] = sent(db, user_of(db, candidate), source)
    return db, this, other, ids


def test_a_renamed_copy_is_listed_with_its_score_and_unrelated_code_is_not(world):
    db, _, _, ids = world
    threshold = similarity_thresholds.package_threshold(KMEANS)
    pairs = similar_pairs.similar_pairs(db, "kmeans", threshold)
    found = {(a, b): s for a, b, s in pairs}
    assert (ids["ada"], ids["bob"]) in found
    assert found[(ids["ada"], ids["bob"])] >= 0.9
    assert all(a < b for a, b in found)
    assert [s for _, _, s in pairs] == sorted((s for _, _, s in pairs), reverse=True)
    assert not any(ids["cy"] in pair for pair in found), "other code is nobody's copy"
    assert (ids["ada"], ids["ada again"]) not in found, "one user's own tries are no finding"
    assert not any(ids["bob on knn"] in pair for pair in found), "another challenge's"
    # Restricted to some submissions, only pairs among them.
    only = similar_pairs.similar_pairs(db, "kmeans", threshold, {ids["ada"], ids["bob"], ids["cy"]})
    assert [(a, b) for a, b, _ in only] == [(ids["ada"], ids["bob"])]
    assert similar_pairs.similar_pairs(db, "kmeans", threshold, set()) == []
    assert similar_pairs.similar_pairs(db, "kmeans", 1.01) == []


def test_the_assessment_listing_has_only_its_candidates_pairs_by_their_names(world):
    db, this, _, ids = world
    listing = similar_pairs.assessment_listing(db, this.id, lambda slug: 0.5)
    assert listing["assessment"] == this.id
    assert listing["thresholds"] == {"kmeans": 0.5, "knn": 0.5}
    assert len(listing["pairs"]) == 1
    pair = listing["pairs"][0]
    assert pair["challenge"] == "kmeans" and pair["score"] >= 0.9
    assert pair["a"]["submission"] == ids["dora"] and pair["b"]["submission"] == ids["eve"]
    assert pair["a"]["user"] == "Dora Original" and pair["b"]["user"] == "Eve Copier"
    assert pair["a"]["assessment"] == pair["b"]["assessment"] == this.id
    assert pair["a"]["status"] == "queued" and pair["a"]["created_at"].endswith("+00:00")
    with pytest.raises(assessments.AssessmentError, match="no assessment"):
        similar_pairs.assessment_listing(db, 999, lambda slug: 0.5)


def test_the_challenge_listing_names_candidates_and_users(world):
    db, _, other, ids = world
    listing = similar_pairs.challenge_listing(db, "kmeans", 0.5)
    assert listing["challenge"] == "kmeans" and listing["threshold"] == 0.5
    pairs = listing["pairs"]
    sides = {side["submission"]: side for pair in pairs for side in (pair["a"], pair["b"])}
    assert sides[ids["ada"]]["user"] == "ada" and "assessment" not in sides[ids["ada"]]
    assert sides[ids["fay"]]["user"] == "Fay Elsewhere"
    assert sides[ids["fay"]]["assessment"] == other.id
    assert ids["cy"] not in sides


def test_the_threshold_is_cached_until_the_package_changes(tmp_path):
    package = tmp_path / "kmeans"
    shutil.copytree(KMEANS, package)
    challenge = ChallengeRepository(tmp_path).get("kmeans")
    first = similarity_thresholds.challenge_threshold(challenge)
    assert first == similarity_thresholds.package_threshold(package)
    hits = similarity_thresholds._cached_threshold.cache_info().hits
    assert similarity_thresholds.challenge_threshold(challenge) == first
    assert similarity_thresholds._cached_threshold.cache_info().hits == hits + 1
    # A second, honest solution that is the reference itself: the threshold is made again.
    (package / "right").mkdir(exist_ok=True)
    shutil.copy(package / "reference.py", package / "right" / "same.py")
    assert similarity_thresholds.challenge_threshold(challenge) == similarity_thresholds.HIGHEST


def test_the_api_is_an_admins_alone(app, world):
    db, this, _, ids = world
    _, token = add_user(db, "olga", admin=True)
    _, plain = add_user(db, "pat")
    paths = ["/api/v1/challenges/kmeans/similar", f"/api/v1/assessments/{this.id}/similar"]
    client = app.test_client()
    for path in paths:
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": f"Bearer {plain}"}).status_code == 403
    admin = {"Authorization": f"Bearer {token}"}
    answer = client.get(paths[0], headers=admin)
    assert answer.status_code == 200, answer.json
    assert answer.json["threshold"] == similarity_thresholds.package_threshold(KMEANS)
    pairs = {(p["a"]["submission"], p["b"]["submission"]) for p in answer.json["pairs"]}
    assert (ids["ada"], ids["bob"]) in pairs
    answer = client.get(paths[1], headers=admin)
    assert answer.status_code == 200, answer.json
    assert [p["b"]["user"] for p in answer.json["pairs"]] == ["Eve Copier"]
    assert set(answer.json["thresholds"]) == {"kmeans", "knn"}
    missing = client.get("/api/v1/challenges/nope/similar", headers=admin)
    assert missing.status_code == 404 and "no challenge named 'nope'" in missing.json["error"]
    missing = client.get("/api/v1/assessments/999/similar", headers=admin)
    assert missing.status_code == 404 and "error" in missing.json


def test_judge_similar_prints_the_pairs_and_the_threshold(world, database_url, tmp_path):
    _, this, _, ids = world
    runner = CliRunner()
    # Through the environment, as CliRunner restores it: ``--database-url`` would be written to
    # this process's environment for the commands it starts, and outlive the test.
    env = {"JUDGE_DATA_DIR": str(tmp_path), "JUDGE_DATABASE_URL": database_url}

    def judge(*args: str):
        return runner.invoke(main, list(args), env=env)

    done = judge("similar", "kmeans")
    assert done.exit_code == 0, done.output
    threshold = f"{similarity_thresholds.package_threshold(KMEANS):.2f}"
    assert f"kmeans: threshold {threshold}" in done.stdout
    rows = [line.split() for line in done.stdout.splitlines()]
    assert any(row[1:3] == [str(ids["ada"]), "ada"] and str(ids["bob"]) in row for row in rows)
    assert "cy" not in {word for row in rows for word in row}
    first = similar_pairs.challenge_listing(world[0], "kmeans", float(threshold))["pairs"][0]
    top = f"/similar/{first['a']['submission']}/{first['b']['submission']} "
    assert top in done.stdout, "where to read the first pair side by side"

    done = judge("similar", "--assessment", str(this.id))
    assert done.exit_code == 0, done.output
    assert "Dora Original" in done.stdout and "Eve Copier" in done.stdout
    assert "Fay" not in done.stdout and " ada " not in done.stdout

    done = judge("similar", "knn")
    assert done.exit_code == 0, done.output
    knn = f"{similarity_thresholds.package_threshold(REPO_ROOT / 'challenges' / 'knn'):.2f}"
    assert done.stdout.strip() == f"no pair reaches the threshold ({knn})"

    for args, message in (
        (("similar", "nope"), "no challenge named 'nope'"),
        (("similar", "--assessment", "999"), "no assessment"),
        (("similar",), "give a challenge's SLUG or --assessment ID"),
        (("similar", "kmeans", "--assessment", "1"), "give a challenge's SLUG or --assessment ID"),
    ):
        done = judge(*args)
        assert done.exit_code == Exit.USAGE, done.output
        assert message in done.stderr and "Traceback" not in done.output


def test_a_pair_side_by_side_has_both_sources_and_the_shared_regions(app, world):
    db, _, _, ids = world
    given = similarity_thresholds.package_given(KMEANS)
    compared = similar_pairs.pair_comparison(
        db, ids["dora"], ids["eve"], lambda slug: given, lambda slug: 0.7
    )
    assert compared["challenge"] == "kmeans" and compared["threshold"] == 0.7
    assert compared["score"] >= 0.9
    assert (compared["a"]["source"], compared["b"]["source"]) == (ORIGINAL, COPY)
    assert (compared["a"]["user"], compared["b"]["user"]) == ("Dora Original", "Eve Copier")
    assert compared["matches"] and all(len(m["a"]) == len(m["b"]) == 2 for m in compared["matches"])
    refused = {
        (ids["ada"], ids["ada"]): (400, "not with itself"),
        (ids["ada"], ids["bob on knn"]): (400, "only submissions of one challenge"),
        (ids["ada"], 999): (404, "no submission 999"),
        (2**63, ids["ada"]): (404, f"no submission {2**63}"),
    }
    for (first, second), (status, words) in refused.items():
        with pytest.raises(similar_pairs.PairRefused, match=words) as raised:
            similar_pairs.pair_comparison(db, first, second, lambda s: given, lambda s: 0.7)
        assert raised.value.status == status
    # Over the API, an admin's alone, with the same refusals.
    _, token = add_user(db, "quinn", admin=True)
    client = app.test_client()
    path = f"/api/v1/similar/{ids['dora']}/{ids['eve']}"
    assert client.get(path).status_code == 401
    answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json["b"]["user"] == "Eve Copier"
    same = client.get(
        f"/api/v1/similar/{ids['ada']}/{ids['ada']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert same.status_code == 400 and "itself" in same.json["error"]


def test_judge_similar_index_earlier_fingerprints_what_was_judged_before(app, database_url):
    """Submissions judged before the index existed: fingerprinted once asked, the queued left
    to the worker, and code with nothing of its own said so."""
    from sqlalchemy import update

    from judge.storage import Submission

    db = app.extensions["judge"].db
    gil, hal = (add_user(db, name)[0] for name in ("gil", "hal"))
    judged = {
        "gil": create_submission(db, gil, "kmeans", ORIGINAL).id,
        "hal": create_submission(db, hal, "kmeans", COPY).id,
        "broken": create_submission(db, hal, "kmeans", "def kmeans(:\n").id,
    }
    queued = create_submission(db, gil, "kmeans", COPY).id
    with db.session() as session:
        session.execute(
            update(Submission).where(Submission.id.in_(judged.values())).values(status="accepted")
        )
        session.commit()
    threshold = similarity_thresholds.package_threshold(KMEANS)
    assert similar_pairs.similar_pairs(db, "kmeans", threshold) == []
    env = {"JUDGE_DATA_DIR": str(app.extensions["judge"].settings.data_dir)}
    env["JUDGE_DATABASE_URL"] = database_url
    done = CliRunner().invoke(main, ["similar", "--index-earlier"], env=env)
    assert done.exit_code == 0, done.output
    assert "indexed 3 judged submissions" in done.stdout
    assert "1 of them have no fingerprint of their own" in done.stdout
    pairs = similar_pairs.similar_pairs(db, "kmeans", threshold)
    assert [(a, b) for a, b, _ in pairs] == [(judged["gil"], judged["hal"])]
    assert queued not in {n for a, b, _ in pairs for n in (a, b)}, "the worker's, once judged"
    again = CliRunner().invoke(main, ["similar", "--index-earlier"], env=env)
    assert "indexed 1 judged submission\n" in again.stdout, "only the one with no row"
    refused = CliRunner().invoke(main, ["similar", "kmeans", "--index-earlier"], env=env)
    assert refused.exit_code == Exit.USAGE and "takes no SLUG" in refused.stderr


def test_each_submission_keeps_its_nearest_others_and_the_listing_reads_them(app):
    """A pair is kept by whichever of its two was indexed second, only between two users, at
    most MATCHES_KEPT a submission; the challenge's listing reads them, each pair once, the
    highest first, with how many there are; a removed user's go with them."""
    from sqlalchemy import func, select

    from judge.storage import SimilarMatch
    from judge.users import remove_user

    db = app.extensions["judge"].db
    many = [add_user(db, f"clone{n}")[0] for n in range(similarity_index.MATCHES_KEPT + 3)]
    ivy = add_user(db, "ivy")[0]
    clones = [sent(db, user, COPY) for user in many]
    own = sent(db, many[0], ORIGINAL)  # the first clone's author again: not their own pair
    with db.session() as session:
        kept = dict(
            session.execute(
                select(SimilarMatch.submission_id, func.count()).group_by(
                    SimilarMatch.submission_id
                )
            ).all()
        )
    assert clones[0] not in kept, "the first had nobody to match"
    assert kept[clones[1]] == 1 and kept[clones[-1]] == similarity_index.MATCHES_KEPT
    assert kept[own] == similarity_index.MATCHES_KEPT
    with db.session() as session:
        partners = session.scalars(
            select(SimilarMatch.other_id).where(SimilarMatch.submission_id == own)
        ).all()
    assert clones[0] not in partners
    assert similarity_index.record(db, sent(db, ivy, OTHER), "kmeans", set()) == 0

    listing = similar_pairs.challenge_listing(db, "kmeans", 0.5, limit=5)
    assert len(listing["pairs"]) == 5
    pairs = similar_pairs.stored_pairs(db, "kmeans", 0.5, limit=1000)[0]
    assert listing["total"] == len(pairs) == len({(a, b) for a, b, _ in pairs})
    assert all(a < b for a, b, _ in pairs)
    assert (clones[0], clones[1]) in {(a, b) for a, b, _ in pairs}
    assert similar_pairs.challenge_listing(db, "kmeans", 1.01)["total"] == 0

    assert remove_user(db, "clone1", with_submissions=True) == 1
    left = similar_pairs.stored_pairs(db, "kmeans", 0.5, limit=1000)[0]
    assert clones[1] not in {n for a, b, _ in left for n in (a, b)}


def test_the_side_by_side_lines_are_the_tokenizers_and_tinted_once_each():
    """A form feed or U+2028 in a comment is no line break to the tokenizer, so none to the
    view (the regions' line numbers are the tokenizer's); thousands of regions over one long
    run of lines tint each line once, with the first region that spans it."""
    import time

    from api.similar_pages import numbered_lines

    source = "x = 1  # a \x0c form feed \u2028 and a separator\ny = 2\r\n"
    lines = numbered_lines(source, [[2, 2]])
    assert [line["text"] for line in lines] == [source.split("\n")[0], "y = 2"]
    assert [line["region"] for line in lines] == [None, 0]
    assert [line["starts"] for line in lines] == [[], [0]]
    many = [[1, 20_000]] * 3000 + [[5, 6]]
    started = time.process_time()
    tinted = numbered_lines("\n" * 20_000, many)
    assert time.process_time() - started < 5  # each region's every line: minutes
    assert {line["region"] for line in tinted} == {0}
    assert tinted[4]["starts"] == [3000]
