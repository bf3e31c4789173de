# expect: accepted
# No sort: the boxes still standing are kept in index order, and each round takes the best of
# them with np.argmax (its first maximum is the lowest index among tied scores), in the boxes' own
# dtype (float32 stays float32). Returns an int64 array.
import numpy as np


def nms(boxes, scores, iou_threshold):
    boxes = np.asarray(boxes)
    scores = np.asarray(scores)
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    area = (x2 - x1) * (y2 - y1)
    standing = np.arange(len(scores))
    keep = []
    while standing.size:
        best = standing[np.argmax(scores[standing])]
        keep.append(best)
        w = np.minimum(x2[best], x2[standing]) - np.maximum(x1[best], x1[standing])
        h = np.minimum(y2[best], y2[standing]) - np.maximum(y1[best], y1[standing])
        inter = np.where((w > 0) & (h > 0), w * h, 0)
        union = area[best] + area[standing] - inter
        iou = np.zeros(standing.size)
        np.divide(inter, union, out=iou, where=union > 0)
        iou[standing == best] = np.inf  # the kept box itself leaves too
        standing = standing[iou <= iou_threshold]
    return np.array(keep, dtype=np.int64)
