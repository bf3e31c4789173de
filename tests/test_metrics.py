"""``GET /metrics``, scraped from the live stack after real submissions: what the workers
pushed (judgings by outcome, their duration, where it went by step, and their sandboxes' start)
and what the API reads
when scraped (submissions by status, queue depths, the oldest queued submission's age)."""

from __future__ import annotations

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests import sources

pytestmark = [pytest.mark.services, pytest.mark.docker]


def scrape(stack) -> dict[str, list]:
    answer = requests.get(f"{stack.url}/metrics", timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain")
    return {f.name: f.samples for f in text_string_to_metric_families(answer.text)}


def value(samples: list, name: str, **labels: str) -> float:
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


def test_metrics_after_real_submissions(stack):
    before = scrape(stack)
    token = stack.add_user("metrics-watcher")
    ids = [stack.submit(token, source).json()["id"] for source in (sources.DOT, sources.ZEROS)]
    for sid in ids:
        stack.wait(sid)
    after = scrape(stack)

    def grew(family: str, sample: str, **labels: str) -> float:
        return value(after[family], sample, **labels) - value(
            before.get(family, []), sample, **labels
        )

    assert grew("judge_judged", "judge_judged_total", outcome="accepted") >= 1
    assert grew("judge_judged", "judge_judged_total", outcome="wrong_answer") >= 1
    assert grew("judge_judging_seconds", "judge_judging_seconds_count") >= 2
    assert grew("judge_judging_seconds", "judge_judging_seconds_sum") > 0
    assert grew("judge_sandbox_start_seconds", "judge_sandbox_start_seconds_count") >= 2
    # Where the time went, by step: the accepted one timed its benchmark and its reference.
    steps = {"sandbox start", "cases", "timed runs", "preparing timed runs", "reference", "store"}
    for step in steps:
        assert grew("judge_step_seconds", "judge_step_seconds_count", step=step) >= 1, step
    assert grew("judge_step_seconds", "judge_step_seconds_sum", step="reference") > 0
    workers = {s.labels["worker"] for s in after["judge_judged"]}
    assert workers and all("@" in w for w in workers), workers
    assert value(after["judge_submissions"], "judge_submissions", status="accepted") >= 1
    assert {s.labels["queue"] for s in after["judge_queue_depth"]} == {"cpu", "gpu"}
    assert {s.labels["queue"] for s in after["judge_oldest_queued_seconds"]} == {"cpu", "gpu"}
    assert value(after["judge_up"], "judge_up", part="redis") == 1
    assert value(after["judge_up"], "judge_up", part="database") == 1
