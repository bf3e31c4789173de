"""The HTML pages over HTTP, served by the real API with a real worker behind it: what each
page shows, escaping, security headers, the login that reveals one's own sources, and the
server-sent events a submission page follows."""

from __future__ import annotations

import json
import re
import secrets
import statistics

import pytest
import requests
from sqlalchemy import select

from api.runtime_plot import runtime_plot
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.standings import RuntimeDistribution
from judge.storage import CaseResultRow, User
from judge.users import hash_token

pytestmark = [pytest.mark.services, pytest.mark.docker]

RIGHT = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return np.matmul(A, B)\n"
HOSTILE_NAME = "<script>alert(1)</script>"


def hostile_user(stack) -> str:
    """A user whose name no API call would accept, written straight into the database: the
    pages must escape names wherever they come from. Returns its token."""
    token = secrets.token_urlsafe(32)
    with stack.db.session() as session:
        user = session.query(User).filter_by(name=HOSTILE_NAME).first()
        if user is None:
            user = User(name=HOSTILE_NAME)
            session.add(user)
        user.token_hash = hash_token(token)
        session.commit()
    return token


def get(stack, path: str, session=None) -> requests.Response:
    return (session or requests).get(f"{stack.url}{path}", timeout=30)


def test_every_page_renders_with_its_title_and_security_headers(stack):
    token = stack.add_user("page-reader")
    stack.wait(stack.submit(token, RIGHT).json()["id"])
    for path, title in [
        ("/", "Challenges · judge"),
        ("/challenges/matmul", "Matrix multiplication with NumPy · judge"),
        ("/users/page-reader", "page-reader · judge"),
        ("/login", "Log in · judge"),
        ("/docs/api", "HTTP API · judge"),
    ]:
        page = get(stack, path)
        assert page.status_code == 200, path
        assert f"<title>{title}</title>" in page.text, path
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert '<meta name="viewport"' in page.text
    home = get(stack, "/").text
    assert "page-reader" in home and "Matrix multiplication with NumPy" in home
    challenge = get(stack, "/challenges/matmul").text
    assert '<code id="starter">' in challenge and "def matrix_multiplication" in challenge
    assert "<svg" in challenge and "reference" in challenge, "the runtime plot, reference marked"
    assert 'data-copy="starter"' in challenge
    assert "matmul" in get(stack, "/users/page-reader").text


def test_each_cases_peak_memory_is_in_the_api_and_on_the_page(stack):
    token = stack.add_user("memory-reader")
    judged = stack.wait(stack.submit(token, RIGHT).json()["id"])
    measured = [case["memory_kb"] for case in judged["cases"] if case["verdict"] != "skipped"]
    # Python with NumPy loaded holds more than 10 MB: a figure measured, not a placeholder.
    assert measured and all(isinstance(kb, int) and kb > 10_000 for kb in measured)
    page = get(stack, f"/submissions/{judged['id']}").text
    assert "Memory (MB)" in page and f"{measured[0] / 1024:.1f}" in page


def test_unknown_pages_are_html_404s_and_the_api_stays_json(stack):
    for path in ("/challenges/nope", "/users/nobody-at-all", "/submissions/99999999", "/x"):
        page = get(stack, path)
        assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
        assert "404" in page.text
    api = get(stack, "/api/v1/challenges/nope")
    assert api.status_code == 404 and api.json()["error"] == "no challenge named 'nope'"


def test_hostile_names_messages_and_sources_are_text(stack):
    token = hostile_user(stack)
    raising = (
        "def matrix_multiplication(A, B):\n"
        "    raise ValueError('<img src=x onerror=alert(2)>')  # </code><script>alert(3)</script>\n"
    )
    wrong = stack.wait(stack.submit(token, raising).json()["id"])
    stack.wait(stack.submit(token, RIGHT).json()["id"])
    escaped_name = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for path in ("/", "/challenges/matmul", f"/submissions/{wrong['id']}"):
        text = get(stack, path).text
        assert HOSTILE_NAME not in text and escaped_name in text, path
    session = login(stack, token)
    page = get(stack, f"/submissions/{wrong['id']}", session).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "</code><script>alert(3)" not in page and "&lt;/code&gt;&lt;script&gt;" in page


def login(stack, token: str) -> requests.Session:
    session = requests.Session()
    form = get(stack, "/login", session).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = session.post(
        f"{stack.url}/login", data={"token": token, "csrf": csrf}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 303, answer.text
    return session


def test_only_the_owner_sees_the_source_after_logging_in(stack):
    owner = stack.add_user("page-owner")
    submitted = stack.wait(stack.submit(owner, RIGHT + "# mine\n").json()["id"])
    path = f"/submissions/{submitted['id']}"
    assert "# mine" not in get(stack, path).text
    other = login(stack, stack.add_user("page-other"))
    assert "# mine" not in get(stack, path, other).text
    mine = login(stack, owner)
    page = get(stack, path, mine).text
    assert "# mine" in page and "page-owner" in page
    cookie = next(c for c in mine.cookies if c.name == "session")
    assert cookie.has_nonstandard_attr("HttpOnly")

    forged = requests.post(f"{stack.url}/login", data={"token": owner}, timeout=30)
    assert forged.status_code == 400, "a form without its CSRF token is refused"
    odd = mine.post(f"{stack.url}/logout", data={"csrf": "é\x00"}, timeout=30)
    assert odd.status_code == 400 and "form expired" in odd.text
    bad = requests.Session()
    form = get(stack, "/login", bad).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    wrong = bad.post(f"{stack.url}/login", data={"token": "nope", "csrf": csrf}, timeout=30)
    assert wrong.status_code == 401 and "not valid" in wrong.text


def read_events(stack, submission_id: int, limit: int = 500) -> list[dict]:
    events = []
    with requests.get(
        f"{stack.url}/api/v1/submissions/{submission_id}/events", stream=True, timeout=120
    ) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1].get("final") or len(events) >= limit:
                    break
    return events


def test_a_submission_streams_its_progress_to_the_verdict(stack):
    token = stack.add_user("page-streamer")
    slow = RIGHT.replace("    return", "    import time\n    time.sleep(0.05)\n    return")
    submission_id = stack.submit(token, slow).json()["id"]
    events = read_events(stack, submission_id)
    assert events[0]["status"] in ("queued", "running")
    cases = [e["case"] for e in events if "case" in e]
    assert cases and cases == sorted(cases), "case by case, in order"
    assert events[-1] == {"id": submission_id, "status": "accepted", "final": True}
    again = read_events(stack, submission_id)
    assert len(again) == 1 and again[0]["final"] and again[0]["status"] == "accepted"
    live = get(stack, f"/submissions/{submission_id}/live").text
    assert live.startswith('<section id="live" data-final="true"')


def test_event_streams_are_capped_per_process(redis_server, tmp_path):
    from api import create_app
    from judge.submissions import create_submission
    from judge.users import add_user

    app = create_app({"data_dir": tmp_path, "redis_url": redis_server, "max_event_streams": 1})
    db = app.extensions["judge"].db
    submission = create_submission(db, add_user(db, "streamer")[0], "matmul", "x = 1")
    path = f"/api/v1/submissions/{submission.id}/events"
    client = app.test_client()
    first = client.get(path, buffered=False)
    event = next(iter(first.response)).decode()
    assert event.startswith("data: ") and json.loads(event[6:]) == {
        "id": submission.id,
        "status": "queued",
        "queue_position": 1,
    }
    refused = client.get(path)
    assert refused.status_code == 503 and "poll" in refused.json["error"]
    first.close()  # the page went away: its slot is free again
    again = client.get(path, buffered=False)
    assert again.status_code == 200
    again.close()


def test_one_client_cannot_take_every_event_stream(redis_server, tmp_path):
    """Anonymous clients too: each address holds at most its share; others still get theirs."""
    from api import create_app
    from judge.submissions import create_submission
    from judge.users import add_user

    app = create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_server,
            "max_event_streams": 3,
            "max_event_streams_per_client": 2,
        }
    )
    db = app.extensions["judge"].db
    submission = create_submission(db, add_user(db, "streamer")[0], "matmul", "x = 1")
    path = f"/api/v1/submissions/{submission.id}/events"
    client = app.test_client()

    def stream(address: str):
        return client.get(path, buffered=False, environ_base={"REMOTE_ADDR": address})

    greedy = [stream("203.0.113.7") for _ in range(2)]
    assert [r.status_code for r in greedy] == [200, 200]
    refused = stream("203.0.113.7")
    assert refused.status_code == 503 and "poll" in refused.json["error"]
    other = stream("198.51.100.1")
    assert other.status_code == 200  # the last slot of the process
    assert stream("198.51.100.2").status_code == 503  # the process's cap
    for response in [*greedy, other]:
        response.close()
    freed = stream("203.0.113.7")
    assert freed.status_code == 200
    freed.close()


def test_the_catalogue_is_grouped_by_topic_and_filtered(stack):
    """The home page lists the challenges by topic in the guide's order, easiest first, and its
    links narrow them to a topic or a difficulty."""
    from judge.challenge_packages import catalogue_order
    from judge.challenges import TOPICS

    repository = ChallengeRepository(Settings.load().challenges_dir)
    home = get(stack, "/").text
    catalogue = sorted(repository.all(), key=catalogue_order)
    places = [home.index(f'href="/challenges/{c.slug}"') for c in catalogue]
    assert places == sorted(places), "grouped by topic, in the guide's order"
    assert all(c.topic in TOPICS for c in catalogue), "every package names a known topic"
    assert 'href="/?topic=linear-algebra"' in home and 'href="/?difficulty=easy"' in home

    narrowed = get(stack, "/?topic=linear-algebra").text
    assert 'href="/challenges/matmul"' in narrowed and 'href="/challenges/knn"' not in narrowed
    assert 'aria-current="page">linear-algebra</a>' in narrowed
    easy = get(stack, "/?difficulty=easy").text
    for challenge in catalogue:
        shown = f'href="/challenges/{challenge.slug}"' in easy
        assert shown == (challenge.difficulty == "easy"), challenge.slug
    none = get(stack, "/?topic=no-such-topic")
    assert none.status_code == 200 and "No challenge of that topic" in none.text


def test_the_figures_shown_are_the_cpu_times_the_score_is_made_of(stack):
    """A CPU challenge's score is made of each run's CPU time: the median and the reference's
    time shown beside it, on the submission's page, the leaderboard and the plot, are on that
    clock too (not the outside time, which a busy host stretches), and the pages say so."""
    token = stack.add_user("cpu-figures")
    judged = stack.wait(stack.submit(token, RIGHT).json()["id"])
    assert judged["score"] is not None and judged["clock"] == "cpu"
    timed = [case["timing"] for case in judged["cases"] if case["timing"]]
    on_cpu = sum(statistics.median(t["cpu_run_ns"]) / 1e6 for t in timed)
    assert judged["median_ms"] == pytest.approx(on_cpu)
    outside = sum(t["median_ms"] for t in timed)
    assert judged["median_ms"] != pytest.approx(outside), "not the outside median"
    page = get(stack, f"/submissions/{judged['id']}").text
    assert f"Benchmark median {on_cpu:.2f} ms" in page and "CPU time per run" in page
    board = get(stack, "/challenges/matmul").text
    row = re.search(r"<tr>(?:(?!</tr>).)*cpu-figures(?:(?!</tr>).)*</tr>", board, re.S).group(0)
    assert f"{on_cpu:.2f}" in row and f"{judged['reference_ms']:.2f}" in row
    assert "median CPU time per run, ms (log scale)" in board, "the plot's axis says the clock"


def test_a_submission_page_says_what_its_score_means_and_where_it_ranks(stack):
    token = stack.add_user("score-reader")
    judged = stack.wait(stack.submit(token, RIGHT).json()["id"])
    assert judged["score"] is not None and not judged["flagged"]
    board = requests.get(f"{stack.url}/api/v1/challenges/matmul/leaderboard", timeout=10).json()
    entry = next(e for e in board["entries"] if e["user"] == "score-reader")
    score = re.search(
        r'<p id="score">(.*?)</p>', get(stack, f"/submissions/{judged['id']}").text, re.S
    )
    text = re.sub(r"<[^>]+>", "", score.group(1))
    assert "lower is faster" in text
    assert f"rank {entry['rank']} of {len(board['entries'])}" in text
    assert (
        f"the reference's {judged['reference_ms']:.2f} ms"
        in get(stack, f"/submissions/{judged['id']}").text
    )


def test_a_user_page_reaches_every_submission_failed_ones_too(stack):
    token = stack.add_user("page-failer")
    wrong = stack.wait(stack.submit(token, RIGHT.replace("B)\n", "B) + 1\n")).json()["id"])
    assert wrong["status"] != "accepted"
    page = get(stack, "/users/page-failer").text
    assert f'href="/submissions/{wrong["id"]}"' in page
    assert wrong["status"].replace("_", " ") in page


def test_a_message_many_cases_share_is_shown_once(stack):
    token = stack.add_user("page-repeated")
    raising = (
        "def matrix_multiplication(A, B):\n"
        "    raise ValueError('the same four lines\\nfor every case\\nof the suite\\nalike')\n"
    )
    judged = stack.wait(stack.submit(token, raising).json()["id"])
    messages = [case["message"] for case in judged["cases"] if "four lines" in case["message"]]
    assert len(messages) > 3, "the cases share it"
    page = get(stack, f"/submissions/{judged['id']}").text
    assert page.count("for every case") == 1
    assert page.count('href="#summary"') == len(messages), "each case points to it"


def test_the_plots_reference_label_stays_inside_it_at_either_end():
    """The label reads away from the nearer edge: "reference 99.27 ms" at the slowest end is
    not cut to "refe"."""
    for medians, reference in (([10.0, 20.0, 40.0], 99.27), ([30.0, 50.0, 80.0], 5.0)):
        plot = runtime_plot(RuntimeDistribution(medians, reference))
        label = plot["reference"]
        width = 7 * len(f"reference {reference:.2f} ms")  # 12 px text, generously
        if label["anchor"] == "end":
            assert label["label_x"] - width >= 0 and label["label_x"] <= plot["w"]
        else:
            assert label["anchor"] == "start" and label["label_x"] + width <= plot["w"]
        assert plot["x_title"] and plot["y_ticks"][0]["label"] == 0


def test_a_timing_stored_before_todays_fields_still_shows(stack):
    """Rows outlive the code that wrote them: a benchmark timing stored before the runs' CPU
    times and the claimed median were recorded (late November's form) still shows its median."""
    token = stack.add_user("old-timing")
    judged = stack.wait(stack.submit(token, RIGHT).json()["id"])
    old = {"runs": 5, "median_ms": 12.5, "min_ms": 11.0, "iqr_ms": 1.0, "flag": ""}
    with stack.db.session() as session:
        mine = select(CaseResultRow).where(CaseResultRow.submission_id == judged["id"])
        for row in session.scalars(mine):
            if row.timing:
                row.timing = json.dumps(old)
        session.commit()
    for path in (f"/submissions/{judged['id']}", f"/submissions/{judged['id']}/live"):
        assert "12.50" in get(stack, path).text, path
