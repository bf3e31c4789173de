"""The API's contract for bad input: a clear JSON error, the right status, nothing stored; on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import func, select

from judge.storage import Submission

pytestmark = [
    pytest.mark.services,
    pytest.mark.parametrize("stack", ["sqlite", "postgresql"], indirect=True),
]


@pytest.fixture(scope="module")
def token(stack):
    return stack.add_user("api-tester")


def count_submissions(stack) -> int:
    with stack.db.session() as session:
        return session.scalar(select(func.count()).select_from(Submission))


def post(stack, token, data=None, json=None, headers=None):
    headers = {"Authorization": f"Bearer {token}", **(headers or {})}
    return requests.post(
        f"{stack.url}/api/v1/submissions", data=data, json=json, headers=headers, timeout=10
    )


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"data": "{not json", "headers": {"Content-Type": "application/json"}}, 400, "JSON"),
        # Nested past the JSON parser's recursion limit: RecursionError, once a 500.
        ({"data": "[" * 100_000 + "]" * 100_000}, 400, "JSON"),
        ({"data": '{"a":' * 5_000 + "1" + "}" * 5_000}, 400, "JSON"),
        ({"data": "[1, 2]", "headers": {"Content-Type": "application/json"}}, 400, "object"),
        ({"json": {"source": "x = 1"}}, 400, "challenge"),
        ({"json": {"challenge": "matmul"}}, 400, "source"),
        ({"json": {"challenge": "matmul", "source": 42}}, 400, "strings"),
        ({"json": {"challenge": "no-such-thing", "source": "x = 1"}}, 404, "no-such-thing"),
        ({"json": {"challenge": "../etc", "source": "x = 1"}}, 404, "no challenge"),
        ({"json": {"challenge": "matmul", "source": "x = 1\x00"}}, 400, "NUL"),
    ],
)
def test_bad_submission_is_rejected_and_not_stored(stack, token, body, status, words):
    before = count_submissions(stack)
    response = post(stack, token, **body)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]
    assert count_submissions(stack) == before


def test_source_over_the_limit_is_413(stack, token):
    before = count_submissions(stack)
    big = "#" * (stack.settings.max_source_bytes + 1)
    response = post(stack, token, json={"challenge": "matmul", "source": big})
    assert response.status_code == 413
    assert "limit" in response.json()["error"]
    huge = post(stack, token, data=b"x" * (stack.settings.max_source_bytes * 8))
    assert huge.status_code == 413 and "error" in huge.json()
    assert count_submissions(stack) == before


def test_an_examples_check_costs_an_anonymous_caller_little(stack):
    """Anyone may ask for a public example's check: a right result takes a few KiB, and a body
    past the route's own cap is refused, not read."""
    url = f"{stack.url}/api/v1/challenges/matmul/check"
    body = {"example": "example-2x3-by-3x2", "results": "A" * (300 * 1024)}
    sized = requests.post(url, json=body, timeout=30)
    assert sized.status_code == 413 and "error" in sized.json()
    # Chunked, with no length to refuse it by: read up to the cap only, then refused.
    streamed = requests.post(url, data=iter([b'{"results": "' + b"A" * 300 * 1024, b'"}']))
    assert streamed.status_code in (400, 413) and "error" in streamed.json()
    small = requests.post(url, json={"example": "nothing-so-named", "results": ""}, timeout=30)
    assert small.status_code == 400 and "no public example" in small.json()["error"]


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong-token", "Basic abc", "token"])
def test_missing_or_wrong_token_is_401(stack, header):
    before = count_submissions(stack)
    headers = {} if header is None else {"Authorization": header}
    response = requests.post(
        f"{stack.url}/api/v1/submissions",
        json={"challenge": "matmul", "source": "x = 1"},
        headers=headers,
        timeout=10,
    )
    assert response.status_code == 401
    assert "token" in response.json()["error"]
    assert count_submissions(stack) == before


def test_unknown_submission_and_route_are_json_404(stack):
    paths = ("/api/v1/submissions/999999", "/api/v1/submissions/" + "9" * 30, "/api/v1/nothing")
    for path in paths:
        response = requests.get(stack.url + path, timeout=10)
        assert response.status_code == 404
        assert "error" in response.json()


def test_healthz(stack):
    response = requests.get(f"{stack.url}/healthz", timeout=10)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_challenges_are_public_information_only(stack):
    listing = requests.get(f"{stack.url}/api/v1/challenges", timeout=10).json()
    assert "matmul" in [c["slug"] for c in listing["challenges"]]
    detail = requests.get(f"{stack.url}/api/v1/challenges/matmul", timeout=10).json()
    assert detail["entry_point"]["name"] == "matrix_multiplication"
    assert "def matrix_multiplication" in detail["starter"]
    assert detail["statement"].startswith("# Matrix multiplication")
    assert detail["limits"]["time_s"] > 0
    assert detail["examples"] and all(e["name"].startswith("example") for e in detail["examples"])
    text = str(detail)
    for secret in ("np.matmul(A, B)", "seed", "benchmark-512x512", "incompatible-matrices"):
        assert secret not in text


def test_every_challenge_is_listed_with_its_examples(stack):
    listing = requests.get(f"{stack.url}/api/v1/challenges", timeout=10).json()
    assert {"matmul", "feedforward", "dropout", "knn"} <= {c["slug"] for c in listing["challenges"]}
    net = requests.get(f"{stack.url}/api/v1/challenges/feedforward", timeout=10).json()
    assert net["entry_point"] == {"kind": "class", "name": "SimpleNeuralNetwork"}
    (example,) = net["examples"]
    ops = [step["op"] for step in example["steps"]]
    assert ops == ["call", "get", "set", "method"]
    forward = [row[0] for row in example["steps"][3]["expected"]]
    assert forward == pytest.approx([0.64642361, 0.51418477])
    matmul = requests.get(f"{stack.url}/api/v1/challenges/matmul", timeout=10).json()
    raising = [e for e in matmul["examples"] if "raises" in e]
    assert raising and raising[0]["raises"] == "ValueError"
    knn = requests.get(f"{stack.url}/api/v1/challenges/knn", timeout=10).json()
    assert knn["examples"][0]["expected"] == [[1, 0], [2, 0]]
    assert "benchmark" not in str(knn["examples"])
    assert knn["stochastic"] is False and "note" not in knn["examples"][0]
    assert "sklearn" in knn["banned_imports"] and matmul["banned_imports"] == []
    dropout = requests.get(f"{stack.url}/api/v1/challenges/dropout", timeout=10).json()
    identity = dropout["examples"][0]
    assert identity["args"] == [[[1.0, -2.0], [3.0, 4.0]], 0.0]  # the input a candidate tries
    assert identity["expected"] == identity["args"][0]
    assert dropout["stochastic"] is True and "one possible output" in identity["note"]


def test_what_the_cli_reads_needs_the_right_token(stack, token):
    url, auth = stack.url, {"Authorization": f"Bearer {token}"}
    wrong = {"Authorization": "Bearer wrong-token"}
    assert requests.get(f"{url}/api/v1/me", timeout=10).status_code == 401
    assert requests.get(f"{url}/api/v1/me", headers=auth, timeout=10).json() == {
        "name": "api-tester",
        "admin": False,
    }
    assert requests.get(f"{url}/api/v1/submissions", timeout=10).status_code == 401
    # "²" and "①" are str.isdigit() but not int(): once a 500.
    for limit in ("0", "501", "x", "-1", "²", "①", "1²", " 5"):
        bad = requests.get(f"{url}/api/v1/submissions?limit={limit}", headers=auth, timeout=10)
        assert bad.status_code == 400 and "limit" in bad.json()["error"]
    anonymous = requests.get(f"{url}/api/v1/challenges", timeout=10).json()["challenges"]
    assert anonymous and all("solved" not in c for c in anonymous)
    mine = requests.get(f"{url}/api/v1/challenges", headers=auth, timeout=10).json()
    assert all(c["solved"] is False for c in mine["challenges"])
    refused = requests.get(f"{url}/api/v1/challenges", headers=wrong, timeout=10)
    assert refused.status_code == 401, "a wrong token is never taken for no token"
    assert requests.get(f"{url}/api/v1/challenges/nope/kit", timeout=10).status_code == 404


def test_only_an_admin_rejudges(stack, token):
    for path in ("/api/v1/submissions/1/rejudge", "/api/v1/challenges/matmul/rejudge"):
        assert requests.post(f"{stack.url}{path}", timeout=10).status_code == 401
        mine = {"Authorization": f"Bearer {token}"}
        denied = requests.post(f"{stack.url}{path}", headers=mine, timeout=10)
        assert denied.status_code == 403 and "admin" in denied.json()["error"]


def test_a_scores_only_rejudge_takes_only_accepted_submissions(stack):
    from judge.users import add_user

    admin = {"Authorization": f"Bearer {add_user(stack.db, 'api-admin', admin=True)[1]}"}
    token = stack.add_user("api-rescored")
    submitted = stack.submit(token, "def softmax(x):\n    return x\n", "softmax")
    wrong = stack.wait(submitted.json()["id"])
    path = f"{stack.url}/api/v1/submissions/{wrong['id']}/rejudge"
    bad = requests.post(f"{path}?scores_only=yes", headers=admin, timeout=10)
    assert bad.status_code == 400 and "scores_only" in bad.json()["error"]
    taken = requests.post(f"{path}?scores_only=true", headers=admin, timeout=10)
    assert taken.status_code == 202 and taken.json() == {"rejudged": []}
    body = requests.get(f"{stack.url}/api/v1/submissions/{wrong['id']}", timeout=10).json()
    assert body["status"] == wrong["status"] and body["cases"] == wrong["cases"]


def test_a_wrong_token_is_401_on_every_api_route(stack):
    """Public routes need no token, but one that is given is checked on each of them: a client
    must never believe a wrong token worked."""
    from api import create_app

    rules = [r for r in create_app().url_map.iter_rules() if r.rule.startswith("/api/")]
    assert len(rules) >= 10
    for rule in rules:
        path = rule.rule.replace("<slug>", "matmul").replace("<int:submission_id>", "1")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            for header in ("Bearer wrong-token", "Basic YWxpY2U6cHc=", "Bearer"):
                answer = requests.request(
                    method, stack.url + path, headers={"Authorization": header}, timeout=10
                )
                assert answer.status_code == 401, (method, path, header, answer.text)
                assert "token" in answer.json()["error"]


def test_odd_paths_and_names_are_json_errors(stack, token):
    """Found by the fuzzer's review: a doubled slash was a redirect to another path, and a NUL
    in a name would reach the database (PostgreSQL refuses it in text)."""
    auth = {"Authorization": f"Bearer {token}"}
    doubled = requests.get(f"{stack.url}/api/v1//challenges", timeout=10, allow_redirects=False)
    assert doubled.status_code == 404 and "error" in doubled.json()
    for name in ("%00", "matmul%00", "x" * 65, "%1b[2J"):
        answer = requests.get(
            f"{stack.url}/api/v1/submissions?challenge={name}", headers=auth, timeout=10
        )
        assert answer.status_code == 400 and "challenge" in answer.json()["error"], name
    mine = requests.get(
        f"{stack.url}/api/v1/submissions?challenge=matmul", headers=auth, timeout=10
    )
    assert mine.status_code == 200
    assert requests.get(f"{stack.url}/users/alice%00", timeout=10).status_code == 404


def test_the_challenge_list_narrows_by_topic_and_difficulty(stack):
    url = f"{stack.url}/api/v1/challenges"
    everything = requests.get(url, timeout=10).json()["challenges"]
    assert all(c["topic"] and c["difficulty"] in ("easy", "medium", "hard") for c in everything)
    losses = requests.get(url, params={"topic": "linear-algebra"}, timeout=10).json()
    assert [c["slug"] for c in losses["challenges"]] == ["matmul"]
    easy = requests.get(url, params={"difficulty": "easy"}, timeout=10).json()["challenges"]
    assert easy and {c["difficulty"] for c in easy} == {"easy"}
    bad = requests.get(url, params={"difficulty": "trivial"}, timeout=10)
    assert bad.status_code == 400 and "difficulty" in bad.json()["error"]
