"""The NMS suite: no boxes, one box, identical boxes with equal scores (the lower index wins),
an IoU exactly at the threshold (kept), thresholds 0 (any overlap suppresses; boxes that only
touch do not overlap) and 1, a chain where a suppressed box must not suppress another, boxes
disjoint along both axes, zero-area boxes (an empty union has IoU 0), negative and 1e4
coordinates, float32 boxes, clusters of overlapping boxes; then a 60000-box benchmark where
Python loops over pairs of boxes time out.

Every coordinate is a whole number and every threshold a multiple of 1/8, so that each IoU is
exact up to one rounding and no correct computation of it (a division, or ``inter > t * union``;
float32 or float64) decides differently from the reference: an IoU equal to the threshold is
exactly equal.

The checker wants the kept indices in the order kept, as a list of ints or a 1-D integer array.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check


def examples():
    boxes = np.array(
        [[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 5]], dtype=np.float64
    )
    yield Case("example-two-clusters", (boxes, np.array([0.9, 0.8, 0.7, 0.6]), 0.5))
    boxes = np.array([[0, 0, 6, 6], [2, 0, 8, 6], [0, 0, 6, 6], [20, 20, 26, 26]], dtype=np.float64)
    yield Case("example-ties-and-exact-iou", (boxes, np.array([0.5, 0.9, 0.5, 0.5]), 0.5))
    boxes = np.array([[0, 0, 4, 4], [4, 0, 8, 4], [5, 5, 9, 9]], dtype=np.float64)
    yield Case("example-touching-threshold-0", (boxes, np.array([0.3, 0.2, 0.1]), 0.0))


def _random_boxes(rng, n, extent, low, high):
    corner = rng.integers(0, extent, size=(n, 2))
    size = rng.integers(low, high + 1, size=(n, 2))
    return np.c_[corner, corner + size].astype(np.float64)


def _shuffled(rng, boxes, scores):
    """The same boxes listed in a random order (the answer's indices follow them)."""
    order = rng.permutation(len(boxes))
    return boxes[order], scores[order]


def hidden(rng: np.random.Generator):
    yield Case("no-boxes", (np.zeros((0, 4)), np.zeros(0), 0.5))
    yield Case("one-box", (_random_boxes(rng, 1, 50, 1, 20), rng.random(1), 0.5))

    # Copies of one box, all scored the same: the lowest index survives, alone.
    box = _random_boxes(rng, 1, 50, 2, 20)
    score = float(rng.random())
    others = _random_boxes(rng, 4, 200, 2, 20) + 300.0
    boxes = np.r_[others[:2], box, box, others[2:], box]
    scores = np.r_[rng.random(2), score, score, rng.random(2), score]
    yield Case("identical-boxes-equal-scores", (boxes, scores, 0.5))

    # Tied scores on overlapping boxes: which one is kept depends on the tie rule.
    base = _random_boxes(rng, 6, 100, 10, 20)
    boxes = np.r_[base, base + np.array([1.0, 0.0, 1.0, 0.0])]
    scores = np.tile(np.round(rng.random(6), 1), 2)
    boxes, scores = _shuffled(rng, boxes, scores)
    yield Case("tied-scores-overlapping", (boxes, scores, 0.5))

    # 6 x 6 boxes shifted by 2 along x share 4 of their 6 columns: IoU = 24 / 48 = 1/2 exactly,
    # kept at the threshold 0.5, suppressed at 0.375.
    corners = rng.integers(0, 40, size=(5, 2)) * 20.0
    a = np.c_[corners, corners + 6.0]
    b = a + np.array([2.0, 0.0, 2.0, 0.0])
    boxes, scores = _shuffled(rng, np.r_[a, b], rng.permutation(10) / 10.0)
    yield Case("iou-exactly-at-threshold", (boxes, scores, 0.5))
    yield Case("iou-just-above-threshold", (boxes, scores, 0.375))

    # A chain: A beats B (IoU > t), B would beat C, but C barely meets A: C survives.
    x = float(rng.integers(0, 100))
    chain = np.array([[x, 0, x + 10, 10], [x + 3, 0, x + 13, 10], [x + 6, 0, x + 16, 10]])
    extra = _random_boxes(rng, 3, 60, 4, 12) + 500.0
    boxes, scores = _shuffled(rng, np.r_[chain, extra], np.r_[0.9, 0.8, 0.7, rng.random(3)])
    yield Case("suppressed-box-suppresses-nothing", (boxes, scores, 0.375))

    # Threshold 0: any overlap suppresses; boxes that touch along an edge or at a corner, or lie
    # apart along both axes, do not overlap.
    boxes = _random_boxes(rng, 20, 60, 4, 16)
    yield Case("threshold-zero", (boxes, rng.random(20), 0.0))
    grid = np.array(
        [[i * 5.0, j * 5.0, i * 5.0 + 5.0, j * 5.0 + 5.0] for i in range(3) for j in range(3)]
    )
    yield Case("touching-grid-threshold-zero", (grid, rng.random(9), 0.0))
    # Threshold 1: no IoU exceeds 1, even between identical boxes: every box is kept.
    boxes = _random_boxes(rng, 8, 20, 4, 10)
    yield Case("threshold-one", (np.r_[boxes, boxes[:3]], rng.random(11), 1.0))

    # Zero-area boxes (points and segments): an empty union has IoU 0.
    point = np.repeat(rng.integers(0, 30, size=(1, 2)).astype(np.float64), 2, axis=0).reshape(1, 4)
    segment = np.array([[5.0, 5.0, 5.0, 25.0]])
    big = np.array([[0.0, 0.0, 40.0, 40.0]])
    boxes = np.r_[point, point, segment, segment, big, point]
    yield Case("zero-area-boxes", (boxes, np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), 0.0))

    # Clusters of overlapping detections around a few objects, at several thresholds.
    for threshold in (0.25, 0.5, 0.75):
        centres = rng.integers(20, 200, size=(6, 2))
        jitter = rng.integers(-6, 7, size=(60, 4))
        size = rng.integers(15, 30, size=(60, 1))
        c = centres[rng.integers(0, 6, size=60)]
        boxes = (np.c_[c - size, c + size] + jitter).astype(np.float64)
        boxes[:, 2:] = np.maximum(boxes[:, 2:], boxes[:, :2])
        name = f"clusters-threshold-{threshold:g}"
        yield Case(name, (boxes, np.round(rng.random(60), 2), threshold))

    boxes = _random_boxes(rng, 80, 80, 5, 40) - 100.0
    yield Case("negative-coordinates", (boxes, rng.random(80), 0.5))
    boxes = _random_boxes(rng, 80, 80, 5, 40) + 1e4
    yield Case("coordinates-1e4", (boxes, rng.random(80), 0.5))
    boxes = _random_boxes(rng, 80, 80, 5, 40)
    yield Case("float32", (boxes.astype(np.float32), rng.random(80).astype(np.float32), 0.5))
    boxes = _detections(rng, 2000, 10, 400)
    yield Case("detections", (boxes, rng.random(2000), 0.625))


def _detections(rng, n, objects, extent):
    """n boxes scattered around a few objects, as a detector's raw output: each object's boxes
    overlap heavily, so that most are suppressed."""
    centres = rng.integers(0, extent, size=(objects, 2))
    half = rng.integers(10, 40, size=(objects, 2))
    which = rng.integers(0, objects, size=n)
    jitter = rng.integers(-5, 6, size=(n, 4))
    boxes = np.c_[centres[which] - half[which], centres[which] + half[which]] + jitter
    return boxes.astype(np.float64)


def benchmark(rng: np.random.Generator):
    # 60000 detections of 120 objects: about 200 are kept, each after a pass over the boxes still
    # standing (millions of pairs for a Python loop).
    boxes = _detections(rng, 60000, 120, 2000)
    yield Case("benchmark-60000-boxes", (boxes, rng.random(60000), 0.5))


def _indices(got):
    """The result as a 1-D int64 array, or what is wrong with it."""
    if isinstance(got, list | tuple):
        for k, value in enumerate(got):
            if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
                what = "None" if value is None else f"a {type(value).__name__}"
                return None, f"item {k} of the result is {what}, not an integer index"
        return np.array([int(v) for v in got], dtype=np.int64), ""
    if isinstance(got, np.ndarray):
        if got.dtype.kind not in "iu":
            return None, f"expected integer indices, got an array of dtype {got.dtype}"
        if got.ndim != 1:
            return None, f"expected a 1-D array of indices, got shape {got.shape}"
        return got.astype(np.int64), ""
    what = "None" if got is None else f"a {type(got).__name__}"
    return None, f"expected a list of ints or a 1-D integer NumPy array, got {what}"


def check(case, expected, actual, tolerance):
    want = np.asarray(expected[0], dtype=np.int64)
    got, problem = _indices(actual[0])
    if problem:
        return Check(False, problem)
    if np.array_equal(got, want):
        return PASS
    if sorted(got.tolist()) == sorted(want.tolist()):
        return Check(
            False,
            f"the right {len(want)} boxes in another order: list them in the order kept "
            "(by decreasing score, ties to the lower index)",
        )
    if len(got) != len(want):
        return Check(False, f"{len(got)} boxes kept, expected {len(want)}")
    first = int(np.argmax(got != want))
    return Check(
        False,
        f"{int((got != want).sum())} of {len(want)} kept indices differ; the first at position "
        f"{first}: {got[first]}, expected {want[first]}",
    )
