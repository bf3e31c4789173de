# expect: wrong_answer
# Sorts with scores.argsort()[::-1]: among tied scores the HIGHER index comes first, so the
# wrong box of a tied pair is kept (the statement: ties to the lower index).
import numpy as np


def nms(boxes, scores, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64).ravel()
    x1, y1, x2, y2 = boxes.T
    area = (x2 - x1) * (y2 - y1)
    # Decreasing score; a stable sort of the negated scores keeps tied boxes in index order.
    order = np.argsort(scores, kind="stable")[::-1]
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        w = np.maximum(0.0, np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]))
        h = np.maximum(0.0, np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]))
        inter = w * h
        union = area[i] + area[rest] - inter
        iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        order = rest[iou <= iou_threshold]
    return [int(i) for i in keep]
