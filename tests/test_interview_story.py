"""An interview from the invitation to the report, in a real browser (Playwright's Chromium)
against the real stack (API, Redis, a worker judging in Docker, its sweeper):

an operator creates an assessment of two challenges on the operator's page and invites two
candidates; the first opens their link, types a solution into the editor, runs the examples,
submits and is accepted, reloads and finds the draft; the second (on a phone) submits a wrong
answer, and their clock runs out: the page freezes the editor and the server refuses the next
submission; the report and its CSV show both; the webhook receives a signed summary of each.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from harness.processes import wait_for
from judge.assessments import webhook_secret
from judge.webhooks import verify
from tests.test_browser import TYPED, TYPED_AS, TYPED_WRONG, log_in, screenshot, type_solution

pytestmark = [pytest.mark.services, pytest.mark.docker, pytest.mark.browser]

#: The candidates' time: long enough for the first to type, run and submit with a wide margin
#: on a busy machine (that takes some 15 s), short enough that the test waits for it to run out.
DURATION_S = 45


class Receiver:
    """A webhook receiver on loopback: every POST it got, headers and raw body."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/judge-hook"


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.server.shutdown()
    made.server.server_close()


def new_page(browser, width: int, mobile: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=mobile)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: d.accept())  # "Finish now?": yes
    return context, page


def fits(page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide on a {width} px screen"


def create_and_invite(page, stack, receiver) -> tuple[int, dict[str, str]]:
    """The operator's part, on the operator's pages: the assessment and two invitations."""
    admin = stack.add_admin("interviewer")
    log_in(page, stack, admin)
    page.get_by_role("link", name="Assessments").click()
    page.fill("#title", "Machine-learning engineer, round 1")
    page.fill("#challenges", "matmul knn")
    page.fill("#duration_min", str(DURATION_S / 60))
    page.fill("#intro", "Two exercises. **NumPy** is there; nothing else is needed.")
    page.check("input[name=feedback][value=full]")
    page.fill("#webhook_url", receiver.url)
    page.click("#new-assessment button[type=submit]")
    page.wait_for_url(lambda url: "/assessments/" in url)
    assessment_id = int(page.url.rstrip("/").rsplit("/", 1)[1].split("?")[0])
    links = {}
    for name in ("Ada Lovelace", "Bob Wrong"):
        page.fill("#name", name)
        page.click("#invite-form button[type=submit]")
        links[name] = page.locator("#invite-link").inner_text().strip()
        assert "/invite#" in links[name]
    return assessment_id, links


def start(page, link: str) -> None:
    page.goto(link)
    page.wait_for_url(lambda url: url.endswith("/interview"))
    assert "#" not in page.url  # the code left the address bar
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#clock")).to_be_visible()
    page.get_by_role("link", name="Matrix multiplication with NumPy").click()
    expect(page.locator("#draft-state")).to_contain_text("starter code")


def test_an_interview_from_the_invitation_to_the_report(stack, browser, receiver, tmp_path):
    desk_context, operator = new_page(browser, 1200)
    assessment_id, links = create_and_invite(operator, stack, receiver)

    # The second candidate, on a phone: a wrong answer.
    phone_context, bob = new_page(browser, 390, mobile=True)
    start(bob, links["Bob Wrong"])
    fits(bob, 390)
    type_solution(bob, bob.get_by_role("textbox", name="Your solution"), TYPED_WRONG)
    bob.click("#submit-button")
    expect(bob.locator("#result #status")).to_have_text("wrong answer", timeout=120_000)
    screenshot(bob, tmp_path, "interview-phone.png")

    # The first candidate: examples, then an accepted submission, then the draft after a reload.
    ada_context, ada = new_page(browser, 1200)
    start(ada, links["Ada Lovelace"])
    type_solution(ada, ada.get_by_role("textbox", name="Your solution"), TYPED)
    ada.get_by_role("button", name="Run examples").click()
    expect(ada.locator("#examples-status")).to_have_text("accepted", timeout=120_000)
    ada.click("#submit-button")
    expect(ada.locator("#result #status")).to_have_text("accepted", timeout=120_000)
    ada.reload()
    expect(ada.locator("#draft-state")).to_contain_text("your draft")
    # The editor may draw the restored draft a frame after the label says so: wait for it.
    editor = ada.get_by_role("textbox", name="Your solution")
    expect(editor).to_contain_text("return np.matmul(A, B)")
    shown = editor.inner_text()
    assert "return np.matmul(A, B)" in shown and "starter" not in shown
    kept = ada.evaluate(
        "async () => (await (await fetch(document.getElementById('workspace').dataset.draft))"
        ".json()).source"
    )
    assert kept == TYPED_AS
    screenshot(ada, tmp_path, "interview-desktop.png")
    ada.get_by_role("link", name="Machine-learning engineer, round 1").click()
    ada.get_by_role("button", name="I am done: finish now").click()
    expect(ada.locator("#time-up")).to_contain_text("You finished")

    # The second candidate's clock runs out: the page says so and freezes the editor...
    expect(bob.locator("#clock-warning")).to_contain_text(
        "Time is up", timeout=(DURATION_S + 30) * 1000
    )
    assert bob.locator(".cm-content").get_attribute("aria-readonly") == "true"
    expect(bob.locator("#submit-button")).to_be_disabled()
    # ...and the server refuses a submission sent anyway, as a script could send it.
    refused = bob.evaluate(
        """async () => {
            const workspace = document.getElementById("workspace");
            const answer = await fetch(workspace.dataset.submit, {
                method: "POST",
                headers: {"Content-Type": "application/json",
                          "X-CSRF-Token": workspace.dataset.csrf},
                body: JSON.stringify({source: "def matrix_multiplication(A, B): pass"}),
            });
            return [answer.status, (await answer.json()).error];
        }"""
    )
    assert refused[0] == 403 and "time is up" in refused[1]
    # The browser logs the refused request; nothing else may be in its console.
    bob.problems = [p for p in bob.problems if "status of 403" not in p]
    bob.reload()
    expect(bob.locator("#time-up")).to_be_visible()
    fits(bob, 390)

    # The report, on the page and as CSV.
    operator.goto(f"{stack.url}/assessments/{assessment_id}")
    table = operator.locator("#report-table")
    expect(table.locator("tr", has_text="Ada Lovelace")).to_contain_text("accepted")
    expect(table.locator("tr", has_text="Bob Wrong")).to_contain_text("wrong answer")
    answer = operator.request.get(f"{stack.url}/assessments/{assessment_id}/report.csv")
    assert answer.ok
    rows = {row["candidate"]: row for row in csv.DictReader(io.StringIO(answer.text()))}
    assert rows["Ada Lovelace"]["matmul verdict"] == "accepted"
    assert rows["Ada Lovelace"]["matmul attempts"] == "1"
    assert rows["Ada Lovelace"]["state"] == "finished"
    assert rows["Bob Wrong"]["matmul verdict"] == "wrong_answer"
    assert rows["Bob Wrong"]["state"] == "finished"
    assert rows["Bob Wrong"]["knn attempts"] == "0"
    screenshot(operator, tmp_path, "interview-report.png")

    # The webhook: a signed summary of each candidate, Bob's sent by the sweeper at his deadline.
    secret = webhook_secret(stack.settings.secret_key, assessment_id)
    summaries = wait_for(
        lambda: finished(receiver) if len(finished(receiver)) == 2 else None,
        60,
        "a summary of each candidate at the webhook",
    )
    for name, verdict in (("Ada Lovelace", "accepted"), ("Bob Wrong", "wrong_answer")):
        headers, body = summaries[name]
        assert verify(secret, headers["X-Judge-Timestamp"], body, headers["X-Judge-Signature"]), (
            "the signature checks"
        )
        assert not verify(
            "another secret", headers["X-Judge-Timestamp"], body, headers["X-Judge-Signature"]
        )
        summary = json.loads(body)
        assert summary["assessment"]["id"] == assessment_id
        assert summary["candidate"]["challenges"]["matmul"]["verdict"] == verdict

    for page in (operator, ada, bob):
        assert page.problems == [], page.problems
    for context in (desk_context, phone_context, ada_context):
        context.close()


def finished(receiver: Receiver) -> dict[str, tuple[dict, bytes]]:
    """The candidate summaries received, by candidate name."""
    return {
        json.loads(body)["candidate"]["name"]: (headers, body)
        for headers, body in receiver.received
        if headers.get("X-Judge-Event") == "candidate.finished"
    }
