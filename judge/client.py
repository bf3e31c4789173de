"""A client of the judge's HTTP API, for the ``judge`` command: standard library only.

Every failure is one of two exceptions with a message a person can act on:
:class:`ServerUnreachable` (nothing, or nothing sensible, answered at the URL) and
:class:`ApiRefused` (the API answered with an error, whose status and message it keeps).
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from judge.errors import ApiRefused, ServerUnreachable

DEFAULT_URL = "http://127.0.0.1:8000"
TIMEOUT_S = 30.0
# The most of an answer read: the largest is a submission's view with its source and log.
MAX_ANSWER_BYTES = 64 * 1024 * 1024


class ApiClient:
    """The API at ``url``, as the user with ``token`` (empty: anonymous)."""

    def __init__(self, url: str, token: str = "", timeout: float = TIMEOUT_S) -> None:
        self.url = normalize_url(url)
        self.token = token
        self.timeout = timeout

    # ------------------------------------------------------------ the API's resources

    def me(self) -> dict[str, Any]:
        return self.get("/api/v1/me")

    def challenges(self) -> list[dict[str, Any]]:
        return self.get("/api/v1/challenges")["challenges"]

    def challenge(self, slug: str) -> dict[str, Any]:
        return self.get(f"/api/v1/challenges/{_segment(slug)}")

    def kit(self, slug: str) -> dict[str, Any]:
        return self.get(f"/api/v1/challenges/{_segment(slug)}/kit")

    def check_example(self, slug: str, example: str, results: bytes) -> dict[str, Any]:
        """The challenge's own checker's word on one public example's results (wire-encoded)."""
        body = {"example": example, "results": base64.b64encode(results).decode("ascii")}
        return self.post(f"/api/v1/challenges/{_segment(slug)}/check", body)

    def leaderboard(self, slug: str) -> list[dict[str, Any]]:
        return self.get(f"/api/v1/challenges/{_segment(slug)}/leaderboard")["entries"]

    def submit(self, slug: str, source: str) -> dict[str, Any]:
        return self.post("/api/v1/submissions", {"challenge": slug, "source": source})

    def submission(self, submission_id: int) -> dict[str, Any]:
        return self.get(f"/api/v1/submissions/{int(submission_id)}")

    def submissions(
        self, challenge: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """The caller's submissions, newest first: of one challenge, the first ``limit``."""
        params = {k: v for k, v in (("challenge", challenge), ("limit", limit)) if v is not None}
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self.get(f"/api/v1/submissions{query}")["submissions"]

    def rejudge(
        self,
        submission_id: int | None = None,
        challenge: str | None = None,
        scores_only: bool = False,
    ) -> list[int]:
        if challenge is not None:
            path = f"/api/v1/challenges/{_segment(challenge)}/rejudge"
        else:
            path = f"/api/v1/submissions/{int(submission_id or 0)}/rejudge"
        query = "?scores_only=true" if scores_only else ""
        return self.post(path + query, {})["rejudged"]

    # ------------------------------------------------------------ HTTP

    def get(self, path: str) -> Any:
        return self._request("GET", path, None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("POST", path, json.dumps(body).encode())

    def _request(self, method: str, path: str, body: bytes | None) -> Any:
        request = urllib.request.Request(self.url + path, data=body, method=method)
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return self._json(answer.read(MAX_ANSWER_BYTES + 1), answer.status)
        except urllib.error.HTTPError as exc:
            raise self._refusal(exc) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ServerUnreachable(
                f"cannot reach the judge at {self.url}: {_reason(exc)}"
            ) from None

    def _json(self, data: bytes, status: int) -> Any:
        if len(data) > MAX_ANSWER_BYTES:
            raise ServerUnreachable(f"the answer from {self.url} is too large")
        try:
            return json.loads(data)
        except ValueError:
            raise ServerUnreachable(
                f"{self.url} answered (HTTP {status}) with something other than JSON: "
                "is it the judge's API?"
            ) from None

    def _refusal(self, exc: urllib.error.HTTPError) -> ApiRefused:
        with exc:
            try:
                message = str(json.loads(exc.read(1 << 20))["error"])
            except Exception:  # not the judge's JSON error: say what HTTP said
                message = f"HTTP {exc.code} {exc.reason}"
        return ApiRefused(exc.code, message, _retry_after(exc.headers.get("Retry-After", "")))


def normalize_url(url: str) -> str:
    """``url`` without a trailing slash, ``http://`` added when no scheme is given."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url.rstrip("/")


def _retry_after(value: str) -> int | None:
    """Seconds, as the judge sends them (an HTTP date or nonsense is no advice)."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else None


def _segment(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.timeout | TimeoutError):
        return "no answer (timed out)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the API running?)"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    return str(reason) or type(reason).__name__
