# expect: wrong_answer
# One vectorised pass over the IoU matrix: a box is dropped when ANY higher-scored box overlaps it
# too much, including one that was itself suppressed. Greedy NMS only lets kept boxes suppress.
import numpy as np


def nms(boxes, scores, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64)
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    b = boxes[order]
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    w = np.maximum(
        0, np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    )
    h = np.maximum(
        0, np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    )
    inter = w * h
    union = area[:, None] + area[None, :] - inter
    iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    # Row i suppresses the later boxes (columns j > i).
    beaten = np.triu(iou > iou_threshold, k=1).any(axis=0)
    return [int(i) for i in order[~beaten]]
