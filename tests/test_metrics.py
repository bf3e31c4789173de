"""``GET /metrics``, scraped from the live stack after real submissions: what the workers
pushed (judgings by outcome, their duration, where it went by step, and their sandboxes' start)
and what the API reads
when scraped (submissions by status, queue depths, the oldest queued submission's age)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from judge.verdicts import FINAL_VERDICTS, IN_FLIGHT
from tests import sources

ROOT = Path(__file__).resolve().parent.parent

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
    after: dict = {}

    def grew(family: str, sample: str, **labels: str) -> float:
        return value(after.get(family, []), sample, **labels) - value(
            before.get(family, []), sample, **labels
        )

    # The worker counts a judging once it is over, a moment after its verdict is out.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        after = scrape(stack)
        counted = grew("judge_judging_seconds", "judge_judging_seconds_count") >= 2
        if counted and grew("judge_step_seconds", "judge_step_seconds_count", step="reference"):
            break  # (another test's judging, ending meanwhile, may be among the two)
        time.sleep(0.2)

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


def operators_table() -> dict[str, set[str]]:
    """The operators' table of metrics, each with its labels: the rows of the "## Metrics"
    section of docs/operations.md (README.md's while that page does not exist). A row's first
    cell names its metrics in backticks, each with its labels in braces:
    ``| `judge_queue_depth{queue}`, `judge_up{part}` | gauge | ... |``."""
    page = ROOT / "docs" / "operations.md"
    text = (page if page.is_file() else ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Metrics[ \t]*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert found, "no '## Metrics' section"
    section = found.group(1)
    table: dict[str, set[str]] = {}
    for line in section.splitlines():
        if line.startswith("|"):
            first = line.split("|")[1]
            for name, labels in re.findall(r"`(judge_\w+)(?:\{([^}]*)\})?`", first):
                table[name] = {label.strip() for label in labels.split(",") if label.strip()}
    return table


def test_every_metric_served_is_in_the_operators_table_and_no_other(stack):
    token = stack.add_user("metrics-reader")
    stack.wait(stack.submit(token, sources.DOT).json()["id"])  # every worker family has series
    answer = requests.get(f"{stack.url}/metrics", timeout=30)
    served: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(answer.text):
        name = family.name + ("_total" if family.type == "counter" else "")
        served[name] = {label for s in family.samples for label in s.labels} - {"le"}
    table = operators_table()
    assert sorted(served) == sorted(table), "the table lists exactly the metrics served"
    for name, labels in served.items():
        if labels:  # a counter nothing has added to yet has no series, nor labels
            assert labels == table[name], f"{name}: served with {labels}, listed with {table[name]}"

    statuses = [
        s.labels["status"]
        for f in text_string_to_metric_families(answer.text)
        if f.name == "judge_submissions"
        for s in f.samples
    ]
    assert sorted(statuses) == sorted((*IN_FLIGHT, *FINAL_VERDICTS)), "a submission's statuses"
    assert "skipped" not in statuses, "a case's verdict, never a submission's"
