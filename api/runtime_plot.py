"""The runtime plot of a challenge's page: the histogram of its accepted submissions' median times,
on a log scale, with the reference's line, as geometry for the template's inline SVG."""

from __future__ import annotations

import math
from typing import Any

from judge.timing import CPU_CLOCK, OUTSIDE_CLOCK

PLOT_W, PLOT_H = 640, 230
#: Room around the bars for the axes' ticks and titles, in SVG units.
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 56
#: What the plot's times are, by the clock they are on: said on the axis and in the caption.
CLOCK_WORDS = {
    CPU_CLOCK: "median CPU time per run",
    OUTSIDE_CLOCK: "median time per run (the judge's clock)",
}


def runtime_plot(distribution: Any, clock: str = CPU_CLOCK) -> dict[str, Any] | None:
    """The histogram's geometry for the template's inline SVG: bars, the reference's line and
    label, the axes' ticks and titles, in SVG units. ``None`` without data."""
    bins = distribution.bins()
    if not bins:
        return None
    left, right, top, bottom = LEFT, PLOT_W - RIGHT, TOP, PLOT_H - BOTTOM
    width = (right - left) / len(bins)
    tallest = max(count for _, _, count in bins)
    low, high = bins[0][0], bins[-1][1]

    def x_of(ms: float) -> float:
        share = (math.log10(ms) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return left + share * (right - left)

    bars = []
    for i, (lo, hi, count) in enumerate(bins):
        height = (bottom - top) * count / tallest
        bars.append(
            {
                "x": left + i * width,
                "y": bottom - height,
                "w": max(width - 1, 1),
                "h": height,
                "title": f"{count} submission(s) between {lo:.3g} and {hi:.3g} ms",
            }
        )
    reference = None
    if distribution.reference_ms:
        x = x_of(distribution.reference_ms)
        # The label reads away from the nearer edge, so that it is never cut at the right one.
        on_left = x > (left + right) / 2
        reference = {
            "x": x,
            "ms": distribution.reference_ms,
            "label_x": x - 4 if on_left else x + 4,
            "anchor": "end" if on_left else "start",
        }
    return {
        "w": PLOT_W,
        "h": PLOT_H,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "bars": bars,
        "reference": reference,
        "x_ticks": [{"x": x_of(ms), "label": f"{ms:.3g}"} for ms in _log_ticks(low, high)],
        "y_ticks": [{"y": bottom - (bottom - top) * n / tallest, "label": n} for n in (0, tallest)],
        "x_title": f"{CLOCK_WORDS[clock]}, ms (log scale)",
        "words": CLOCK_WORDS[clock],
        "count": len(distribution.medians_ms),
    }


def _log_ticks(low: float, high: float) -> list[float]:
    """The axis's ends, and the powers of ten between them that do not crowd an end."""
    span = math.log10(high) - math.log10(low)
    decades = [
        10.0**p
        for p in range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1)
        if min(math.log10(10.0**p / low), math.log10(high / 10.0**p)) > 0.12 * span
    ]
    return [low, *decades, high]
