"""The pages in a real browser (Debian's Chromium through Playwright), served by the real API
with submissions judged by the real worker: the leaderboard's order, a submission page going
live from queued to its verdict without a reload, hostile names shown as text, a phone's width,
and no script or style the Content-Security-Policy refuses.

With ``JUDGE_SCREENSHOTS=DIR`` the challenge and submission pages are saved there as PNGs
(``docs/`` holds the ones the README shows)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import redis
import requests
from playwright.sync_api import expect

from harness.processes import wait_for
from judge.verdicts import IN_FLIGHT, Verdict
from tests.test_pages import HOSTILE_NAME, RIGHT, hostile_user
from workers.queue import announce_queued
from workers.sweeper import REQUEUED_WHY

pytestmark = [pytest.mark.services, pytest.mark.docker, pytest.mark.browser]

ROW_BY_ROW = (
    "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n"
    "    if A.ndim < 2 or A.shape[0] == 0:\n        return np.matmul(A, B)\n"
    "    return np.stack([np.matmul(row, B) for row in A])\n"
)
# Right, and slow enough (a sleep in every call) for a page to watch it run.
SLOW = RIGHT.replace("    return", "    import time\n    time.sleep(0.15)\n    return")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.problems = []  # console errors (a refused script or style is one) and dialogs
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def screenshot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("JUDGE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    assert (folder / name).stat().st_size > 10_000


def test_the_leaderboard_is_in_score_order(stack, page, tmp_path):
    for name, source in (("browser-fast", RIGHT), ("browser-rows", ROW_BY_ROW)):
        token = stack.add_user(name)
        judged = stack.wait(stack.submit(token, source).json()["id"])
        assert judged["status"] == "accepted"
        # Unranked is how one went missing from the board once (an honest clock, or its
        # reference's, flagged on a busy host by a check since removed): say why if again.
        why = judged["flag_reason"] or stack.worker_log.read_text()[-2000:]
        assert judged["score"] is not None and not judged["flagged"], why
    page.goto(f"{stack.url}/challenges/matmul")
    assert page.title() == "Matrix multiplication with NumPy · judge"
    rows = page.locator("#leaderboard tbody tr")
    shown = [
        (
            rows.nth(i).locator("td").nth(1).inner_text(),
            float(rows.nth(i).locator("td").nth(2).inner_text()),
        )
        for i in range(rows.count())
    ]
    scores = [score for _, score in shown]
    assert scores == sorted(scores)
    api = requests.get(f"{stack.url}/api/v1/challenges/matmul/leaderboard", timeout=10).json()
    assert [user for user, _ in shown] == [e["user"] for e in api["entries"]]
    users = [user for user, _ in shown]
    assert users.index("browser-fast") < users.index("browser-rows")
    assert page.locator("svg.plot rect").count() > 0
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button[data-copy=starter]")
    expect(page.locator("button[data-copy=starter]")).to_have_text("Copied")
    starter = requests.get(f"{stack.url}/api/v1/challenges/matmul", timeout=10).json()["starter"]
    assert page.evaluate("navigator.clipboard.readText()") == starter
    screenshot(page, tmp_path, "challenge-page.png")
    assert page.problems == []


def test_a_submission_page_goes_live_to_its_verdict_without_a_reload(stack, page, tmp_path):
    token = stack.add_user("browser-live")
    submission_id = stack.submit(token, SLOW).json()["id"]
    page.goto(f"{stack.url}/submissions/{submission_id}")
    page.evaluate("window.sameDocument = 42")  # gone if the page reloads
    seen = [(page.inner_text("#status"), page.inner_text("#progress"))]
    assert seen[0][0] in IN_FLIGHT

    def final() -> bool:
        page.wait_for_timeout(100)  # the page's own script runs meanwhile
        now = (page.inner_text("#status"), page.inner_text("#progress"))
        if now != seen[-1]:
            seen.append(now)
        return now[0] not in IN_FLIGHT

    wait_for(final, 180, "the page to show the verdict", interval=0, explain=lambda: str(seen))
    assert seen[-1][0] == Verdict.ACCEPTED, seen
    assert page.evaluate("window.sameDocument") == 42, "updated in place, never reloaded"
    assert any(progress.startswith("case ") for _, progress in seen), seen
    # The verdict shows as its event arrives; the cases come with the part of the page fetched
    # next.
    page.wait_for_selector("#live[data-final=true]", timeout=10_000)
    assert page.locator("#cases tbody tr").count() == 26
    assert "(accepted)" in page.title()
    screenshot(page, tmp_path, "submission-page.png")
    assert page.problems == []


def test_without_event_streams_the_page_polls_to_the_verdict(stack, page):
    page.add_init_script("delete window.EventSource")  # an old browser, say
    token = stack.add_user("browser-poller")
    submission_id = stack.submit(token, SLOW).json()["id"]
    page.goto(f"{stack.url}/submissions/{submission_id}")
    page.evaluate("window.sameDocument = 42")
    assert page.evaluate("typeof window.EventSource") == "undefined"
    expect(page.locator("#status")).to_have_text("accepted", timeout=180_000)
    assert page.evaluate("window.sameDocument") == 42
    assert page.locator("#cases tbody tr").count() == 26
    assert page.problems == []


def test_a_hostile_name_is_text_in_the_browser(stack, page):
    token = hostile_user(stack)
    stack.wait(stack.submit(token, RIGHT).json()["id"])
    page.goto(f"{stack.url}/challenges/matmul")
    cells = page.locator("#leaderboard tbody td:nth-child(2)").all_inner_texts()
    assert HOSTILE_NAME in cells
    page.goto(f"{stack.url}/")
    assert HOSTILE_NAME in page.locator("#global-leaderboard").inner_text()
    page.get_by_role("link", name=HOSTILE_NAME).first.click()
    assert page.locator("h1").inner_text() == HOSTILE_NAME
    assert page.problems == [], "no script ran: no dialog, no error"


# Fails on every case alike, with a long message and a longer unbroken word in it.
FAILS_ALIKE = (
    "def matrix_multiplication(A, B):\n"
    "    raise ValueError('this solution gives up on purpose; ' + 'x' * 120 + '\\n' +\n"
    "                     'second line\\nthird line\\nfourth line')\n"
)
PHONE = 375


@pytest.fixture(scope="module")
def phone_paths(stack) -> dict[str, str]:
    """The pages a phone must show whole, with data in them: a user with an accepted and a
    failed submission, whose failing one's page holds long messages."""
    token = stack.add_user("phone-user")
    failed = stack.submit(token, FAILS_ALIKE).json()["id"]
    stack.wait(stack.submit(token, RIGHT).json()["id"])
    stack.wait(failed)
    return {
        "home": "/",
        "challenge": "/challenges/conv2d",
        "leaderboard": "/challenges/matmul",
        "submission": f"/submissions/{failed}",
        "user": "/users/phone-user",
        "login": "/login",
        "docs": "/docs/api",
    }


@pytest.mark.parametrize(
    "name", ["home", "challenge", "leaderboard", "submission", "user", "login", "docs"]
)
@pytest.mark.parametrize("width", [PHONE, 390])
def test_pages_fit_a_phone(stack, browser, phone_paths, name, width):
    """Nothing wider than the screen, and no table cell off it either (a table in a box that
    scrolls sideways keeps the page's width, and hides its right-hand columns all the same).
    A code block may scroll inside itself."""
    path = phone_paths[name]
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True)
    page = context.new_page()
    problems = []  # a script or style the Content-Security-Policy refuses is a console error
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(f"{stack.url}{path}")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    off_screen = page.evaluate(
        """(width) => [...document.querySelectorAll(
            "main td, main th, main :not(pre) > code, main p, main pre")]
            .filter((e) => e.offsetParent !== null)
            .filter((e) => e.getBoundingClientRect().right > width + 0.5)
            .map((e) => e.tagName + ": " + e.textContent.trim().slice(0, 40))""",
        width,
    )
    context.close()
    assert page_width <= width, f"{path} is {page_width} px wide on a {width} px screen"
    assert off_screen == [], f"{path}: off a {width} px screen"
    assert problems == [], path


def test_a_queued_submission_shows_its_place_in_the_queue(stack, page):
    """As the CLI does: "queued, position N". The re-queue text only when a judging really
    stopped (the sweeper's event, sent here as the sweeper sends it)."""
    for n in range(stack.concurrency + 2):  # every slot busy, and two more waiting
        stack.submit(stack.add_user(f"queue-filler-{n}"), SLOW.replace("0.15", "0.4"))
    waiting = stack.submit(stack.add_user("queue-waiter"), RIGHT).json()["id"]
    page.goto(f"{stack.url}/submissions/{waiting}")
    expect(page.locator("#status")).to_have_text("queued")
    page.wait_for_timeout(1500)  # the event stream's first event has come
    view = requests.get(f"{stack.url}/api/v1/submissions/{waiting}", timeout=10).json()
    assert view["status"] == "queued", "still waiting behind the slow ones"
    line = page.inner_text(".status-line")
    assert re.fullmatch(r"queued, position \d+", line), line
    place = int(line.rsplit(" ", 1)[1])
    redis_client = redis.Redis.from_url(stack.settings.redis_url)
    announce_queued(redis_client, waiting, REQUEUED_WHY[True])
    expect(page.locator("#progress")).to_have_text(
        "in the queue again: its worker stopped; another takes it"
    )

    def moved() -> bool:  # as the ones ahead are judged, without a reload
        found = re.fullmatch(r"queued, position (\d+)", page.inner_text(".status-line"))
        return found is not None and int(found[1]) < place

    wait_for(moved, 120, "the page to show the queue moving", explain=lambda: page.content())
    assert page.problems == []


def test_the_api_page_reads_as_a_reference(stack, page):
    """Route headings above their sub-headings, descriptions rendered (no Markdown backticks),
    and a candidate's routes before the operator's."""
    page.goto(f"{stack.url}/docs/api")
    sizes = page.evaluate(
        """() => {
            const size = (e) => parseFloat(getComputedStyle(e).fontSize);
            const route = document.querySelector("section.route h2 code");
            return [size(route), size(document.querySelector("section.route h3"))];
        }"""
    )
    assert sizes[0] > sizes[1], f"route heading {sizes[0]} px, sub-heading {sizes[1]} px"
    assert "`" not in page.inner_text("main")
    headings = page.locator("section.route h2").all_inner_texts()
    assert headings.index("POST /api/v1/submissions") < headings.index("GET /healthz")
    assert headings.index("GET /api/v1/submissions/{submission_id}") < headings.index(
        "GET /metrics"
    )


def log_in(page, stack, token: str) -> None:
    page.goto(f"{stack.url}/login")
    page.fill("#token", token)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/users/"))


# Typed as a candidate would, line by line: the editor indents after the colon by itself.
TYPED = "import numpy as np\n\ndef matrix_multiplication(A, B):\nreturn np.matmul(A, B)"
TYPED_AS = "import numpy as np\n\ndef matrix_multiplication(A, B):\n    return np.matmul(A, B)"


def type_solution(page, editor, text: str) -> None:
    """``text`` typed into the editor in place of what it holds, line by line."""
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    for number, line in enumerate(text.split("\n")):
        if number:
            page.keyboard.press("Escape")  # a completion offered is not what Enter takes
            page.keyboard.press("Enter")
        page.keyboard.type(line)


# Right on every example but the vector times a matrix.
TYPED_WRONG = (
    "import numpy as np\n\ndef matrix_multiplication(A, B):\nreturn A @ B if A.ndim == 2 else B[0]"
)
MATMUL_EXAMPLES = {
    "example-2x3-by-3x2": "accepted",
    "example-square-floats": "accepted",
    "example-vector-by-matrix": "wrong answer",
    "example-incompatible-shapes": "accepted",
}


def test_run_examples_shows_each_examples_verdict_and_counts_nothing(stack, page):
    """Run examples beside Submit: the public examples judged on the worker, each one's name,
    verdict and message shown below the editor as the run ends; said not to count, and no
    submission made."""
    token = stack.add_user("example-tryer")
    log_in(page, stack, token)
    page.goto(f"{stack.url}/challenges/matmul#write")
    expect(page.locator("#draft-state")).to_contain_text("starter code")
    type_solution(page, page.get_by_role("textbox", name="Your solution"), TYPED_WRONG)
    page.get_by_role("button", name="Run examples").click()
    result = page.locator("#examples-result")
    expect(result.locator("#examples-status")).to_have_text("wrong answer", timeout=120_000)
    expect(result).to_contain_text("Not counted")
    rows = result.locator("#example-results tbody tr")
    expect(rows).to_have_count(len(MATMUL_EXAMPLES))
    shown = {
        rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text()
        for i in range(len(MATMUL_EXAMPLES))
    }
    assert shown == MATMUL_EXAMPLES
    wrong = rows.filter(has_text="example-vector-by-matrix").locator("td.message")
    assert wrong.inner_text().strip(), "the public example's mistake is told"
    type_solution(page, page.get_by_role("textbox", name="Your solution"), TYPED)
    page.get_by_role("button", name="Run examples").click()
    expect(result.locator("#examples-status")).to_have_text("accepted", timeout=120_000)
    expect(rows).to_have_count(len(MATMUL_EXAMPLES))
    expect(rows.filter(has_text="wrong answer")).to_have_count(0)
    mine = requests.get(
        f"{stack.url}/api/v1/submissions",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["submissions"]
    assert mine == [], "a run of the examples is no submission"
    assert page.problems == []


def test_a_solution_written_in_the_browser_is_kept_and_judged(stack, page, tmp_path):
    """The challenge page's workspace, as a logged-in user has it: the starter code in the
    editor, the draft saved as they type and back after a reload (and in another browser),
    Submit, and the verdict streaming in below without leaving the page."""
    token = stack.add_user("writer")
    log_in(page, stack, token)
    page.goto(f"{stack.url}/challenges/matmul#write")
    state = page.locator("#draft-state")
    expect(state).to_contain_text("starter code")
    editor = page.get_by_role("textbox", name="Your solution")
    assert "def matrix_multiplication" in editor.inner_text()  # the starter, preloaded
    type_solution(page, editor, TYPED)
    expect(state).to_contain_text("draft saved", timeout=10_000)
    page.reload()
    expect(page.locator("#draft-state")).to_contain_text("your draft")
    assert page.evaluate("document.querySelector('#editor')") is not None
    drafted = requests.get(
        f"{stack.url}/api/v1/challenges/matmul/draft",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    assert drafted["source"] == TYPED_AS  # where another browser, or the CLI, finds it
    page.click("#submit-button")
    expect(page.locator("#result #status")).to_have_text("accepted", timeout=120_000)
    link = page.locator("#result a", has_text="Submission")
    submitted = requests.get(f"{stack.url}{link.get_attribute('href')}", timeout=10)
    assert submitted.ok
    mine = requests.get(
        f"{stack.url}/api/v1/submissions?challenge=matmul",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["submissions"]
    assert [s["status"] for s in mine] == ["accepted"]
    screenshot(page, tmp_path, "workspace.png")
    assert page.problems == []


def test_a_dropped_connection_keeps_the_text_and_says_so(stack, page):
    token = stack.add_user("offline-writer")
    log_in(page, stack, token)
    page.goto(f"{stack.url}/challenges/matmul")
    expect(page.locator("#draft-state")).to_contain_text("starter code")
    page.route("**/challenges/matmul/draft", lambda route: route.abort())
    page.get_by_role("textbox", name="Your solution").click()
    page.keyboard.press("Control+Home")
    page.keyboard.type("# kept\n")
    expect(page.locator("#offline")).to_be_visible(timeout=10_000)
    expect(page.locator("#draft-state")).to_contain_text("not saved yet")
    page.unroute("**/challenges/matmul/draft")
    expect(page.locator("#offline")).to_be_hidden(timeout=15_000)
    expect(page.locator("#draft-state")).to_contain_text("draft saved")
    drafted = requests.get(
        f"{stack.url}/api/v1/challenges/matmul/draft",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    assert drafted["source"].startswith("# kept\n")
    # The page's failed requests are console errors by design here; nothing else may be.
    assert all("draft" in p or "Failed to load" in p for p in page.problems), page.problems


def test_the_page_saves_nothing_before_it_has_read_the_draft(stack, page):
    """A reload whose draft does not come back at once: what the editor holds until then (the
    starter, keystrokes on it) must not overwrite the draft on the server."""
    token = stack.add_user("slow-reader")
    draft_url = f"{stack.url}/api/v1/challenges/matmul/draft"
    auth = {"Authorization": f"Bearer {token}"}
    kept = requests.put(draft_url, json={"source": "# the draft\n"}, headers=auth, timeout=10)
    assert kept.ok, kept.text
    log_in(page, stack, token)
    puts = []

    def no_draft_yet(route):
        if route.request.method == "GET":
            return route.abort()
        puts.append(route.request.method)
        return route.continue_()

    page.route("**/challenges/matmul/draft", no_draft_yet)
    page.goto(f"{stack.url}/challenges/matmul")
    expect(page.locator("#draft-state")).to_contain_text("could not be read")
    page.get_by_role("textbox", name="Your solution").click()
    page.keyboard.type("# typed before the draft came\n")
    page.wait_for_timeout(2000)  # past the quiet time after which typing is saved
    assert puts == []
    page.unroute("**/challenges/matmul/draft")
    expect(page.locator("#draft-state")).to_contain_text("your draft", timeout=15_000)
    editor = page.get_by_role("textbox", name="Your solution")
    expect(editor).to_contain_text("# the draft")
    assert requests.get(draft_url, headers=auth, timeout=10).json()["source"] == "# the draft\n"


@pytest.mark.parametrize("width", [PHONE, 390])
def test_the_workspace_fits_a_phone(stack, browser, width):
    token = stack.add_user(f"phone-writer-{width}")
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    log_in(page, stack, token)
    page.goto(f"{stack.url}/challenges/matmul#write")
    expect(page.locator("#draft-state")).to_contain_text("starter code")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    box = page.locator("#editor").bounding_box()
    button = page.locator("#submit-button").bounding_box()
    context.close()
    assert page_width <= width, f"the workspace is {page_width} px wide on a {width} px screen"
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert button is not None and button["x"] + button["width"] <= width + 0.5
    assert problems == []
