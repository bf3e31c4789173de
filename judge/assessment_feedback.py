"""What a candidate sees of their submissions' results while the assessment lasts, under its
feedback policy (:data:`judge.assessments.FEEDBACK`): on the submission page, its live part and
the event stream alike.
"""

from __future__ import annotations

from typing import Any


def feedback_view(view: dict[str, Any], policy: str) -> dict[str, Any]:
    """A submission's view as its candidate may see it under the assessment's ``policy``:
    ``full`` as it is; ``verdicts`` without any message, output or timing; ``none`` only that it
    was received (no verdict at all)."""
    if policy == "full":
        return view
    shown = dict(view, message="", log="", flagged=False, flag_reason="", score=None)
    shown.update(median_ms=None, reference_ms=None, run_ms=None)
    if policy == "verdicts":
        shown["cases"] = [
            dict(case, message="", time_ms=None, memory_kb=None, timing=None)
            for case in view["cases"]
        ]
        return shown
    shown["cases"] = []
    shown["status"] = "received"
    return shown


#: What a progress event may say under the ``verdicts`` policy: where the judging is, and the
#: verdict; no message, time or output.
_PROGRESS_KEYS = {"id", "status", "case", "cases_total", "case_name", "phase", "final"}
_PROGRESS_KEYS |= {"queue_position", "requeued"}


def feedback_event(event: dict[str, Any], policy: str) -> dict[str, Any]:
    """A live progress event as a candidate may see it under ``policy`` (see
    :func:`feedback_view`): under ``none``, only that it was received, and nothing more."""
    if policy == "full":
        return event
    if policy == "verdicts":
        return {k: v for k, v in event.items() if k in _PROGRESS_KEYS}
    return {"id": event.get("id"), "status": "received", "final": True}
