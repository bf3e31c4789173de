# expect: accepted
# The boxes sorted once (lexsort: score descending, then index), a boolean mask of the suppressed
# ones; each kept box marks the later boxes it overlaps too much. The comparison is
# inter > t * union (no division: an empty union gives 0 > 0, not suppressed). Returns a list of
# NumPy integers, as keep.append(order[i]) gives.
import numpy as np


def nms(boxes, scores, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64)
    scores = np.asarray(scores)
    n = len(scores)
    order = np.lexsort((np.arange(n), -scores))
    x1, y1, x2, y2 = (boxes[order, k] for k in range(4))
    area = (x2 - x1) * (y2 - y1)
    suppressed = np.zeros(n, dtype=bool)
    keep = []
    for i in range(n):
        if suppressed[i]:
            continue
        keep.append(order[i])
        later = slice(i + 1, n)
        w = np.clip(np.minimum(x2[i], x2[later]) - np.maximum(x1[i], x1[later]), 0, None)
        h = np.clip(np.minimum(y2[i], y2[later]) - np.maximum(y1[i], y1[later]), 0, None)
        inter = w * h
        union = area[i] + area[later] - inter
        suppressed[later] |= inter > iou_threshold * union
    return keep
