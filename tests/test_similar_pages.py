"""The reviewers' similarity pages in a real browser: an assessment's report lists its
candidates' pairs that look copied, the side-by-side view highlights the regions they share (on
a phone, one source above the other), and a candidate sees nothing of any of it.

The app on a loopback port and a real database; the submissions are indexed as the worker
indexes a judged one (nothing is judged here)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from judge import assessments, candidates
from judge.storage import Assessment
from judge.users import add_user
from tests.helpers import browser_log_in, overflow
from tests.test_browser import screenshot
from tests.test_similar_pairs import COPY, ORIGINAL, OTHER, sent, user_of

pytestmark = pytest.mark.browser


@pytest.fixture
def world(served):
    """An assessment on kmeans whose candidates Dora (the original) and Eve (a renamed,
    reordered copy) are, Eve's invitation code kept; and a public user's other code."""
    app, url = served
    db = app.extensions["judge"].db
    known = ["kmeans", "knn"]
    made = assessments.create_assessment(
        db, known, title="Round 1", challenges=["kmeans", "knn"], duration_s=3600
    )
    with db.session() as session:
        session.get(Assessment, made.id).opens_at = assessments.utcnow() - dt.timedelta(hours=1)
        session.commit()
    ids, codes = {}, {}
    for key, name, source in (("dora", "Dora Original", ORIGINAL), ("eve", "Eve Copier", COPY)):
        candidate, codes[key] = candidates.invite(db, made.id, name)
        ids[key] = sent(db, user_of(db, candidate), source)
    ids["cy"] = sent(db, add_user(db, "cy")[0], OTHER)
    return app, url, made, ids, codes


def test_the_operator_sees_the_pair_and_the_regions_side_by_side(world, phone, browser, tmp_path):
    app, url, made, ids, _ = world
    token = add_user(app.extensions["judge"].db, "operator", admin=True)[1]
    browser_log_in(phone, url, token)
    phone.goto(f"{url}/assessments/{made.id}")
    pairs = phone.locator("#similar-pairs tbody tr")
    expect(pairs).to_have_count(1)
    expect(pairs.first).to_contain_text("Dora Original")
    expect(pairs.first).to_contain_text("Eve Copier")
    assert float(pairs.first.locator("td[data-label=Score]").inner_text()) >= 0.9
    assert overflow(phone) <= 0

    pairs.first.get_by_role("link", name="side by side").click()
    phone.wait_for_url(re.compile(rf"/similar/{ids['dora']}/{ids['eve']}$"))
    expect(phone.locator("#pair-score")).to_contain_text("this pair reaches it")
    sides = phone.locator(".side-by-side .side")
    expect(sides).to_have_count(2)
    # Both sources whole, as text; most of each tinted, the same regions numbered alike.
    first, other = (sides.nth(i).locator("pre").inner_text() for i in (0, 1))
    assert "def _pairwise(points, centres):" in first and "def dist(X, C):" in other
    for side in (sides.nth(0), sides.nth(1)):
        shared = side.locator(".line.shared")
        assert shared.count() >= 0.6 * side.locator(".line").count()
        tint = shared.first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert tint not in ("rgba(0, 0, 0, 0)", "transparent"), tint
    regions = phone.locator("#regions li")
    assert regions.count() >= 1
    # kmeans's loop, its names changed in the copy, is in one region on both sides; the
    # region's links lead to its first line on either side.
    body = sides.nth(0).locator(".line", has_text="labels = _pairwise(points, centres)")
    region = body.get_attribute("data-region")
    assert (
        region
        and sides.nth(1)
        .locator(f'.line[data-region="{region}"]', has_text="assign = dist(X, C)")
        .count()
        == 1
    )
    regions.nth(int(region) - 1).locator("a").last.click()
    assert phone.url.endswith(f"#b-region-{region}")
    assert overflow(phone) <= 0, "at a phone's width one source above the other, no wider"
    box_a, box_b = (sides.nth(i).bounding_box() for i in (0, 1))
    assert box_b["y"] >= box_a["y"] + box_a["height"]
    screenshot(phone, tmp_path, "similar-pair-phone.png")

    # On a wide screen, the two side by side.
    wide = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    browser_log_in(wide, url, token)
    wide.goto(phone.url.split("#")[0])
    wide_sides = wide.locator(".side-by-side .side")
    box_a, box_b = (wide_sides.nth(i).bounding_box() for i in (0, 1))
    assert box_a["y"] == box_b["y"] and box_b["x"] > box_a["x"] + box_a["width"] - 1
    screenshot(wide, tmp_path, "similar-pair-wide.png")
    wide.context.close()

    # The challenge's own page, linked from the challenge's page for an admin: every pair of
    # its submissions, the public user's other code in none.
    phone.goto(f"{url}/challenges/kmeans")
    phone.locator("#reviewers a").click()
    phone.wait_for_url(re.compile(r"/similar/kmeans$"))
    rows = phone.locator("#similar-pairs tbody tr")
    expect(rows).to_have_count(1)
    assert "cy" not in rows.first.inner_text()
    assert overflow(phone) <= 0
    assert phone.problems == []


def test_a_candidate_sees_nothing_of_it(world, phone):
    _, url, made, ids, codes = world
    phone.goto(f"{url}/invite#{codes['eve']}")
    phone.wait_for_url(lambda address: address.endswith("/interview"))
    phone.get_by_role("button", name="Start").click()
    for path in (
        "/challenges/kmeans",
        "/interview",
        "/interview/kmeans",
        f"/submissions/{ids['eve']}",
        f"/assessments/{made.id}",
        "/similar/kmeans",
        f"/similar/{ids['dora']}/{ids['eve']}",
    ):
        answer = phone.goto(url + path)
        text = phone.inner_text("body")
        for secret in (
            "Dora Original",
            "imilar submissions",
            "side by side",
            "score 0.",
            "_pairwise",
        ):
            assert secret not in text, (path, secret)
        if path.startswith(("/similar", "/assessments")):
            assert answer.status == 403, path
        else:
            assert answer.status == 200 and "/similar/" not in phone.content(), path
    api = phone.request.get(f"{url}/api/v1/similar/{ids['dora']}/{ids['eve']}")
    assert api.status == 401 and "_pairwise" not in api.text()
