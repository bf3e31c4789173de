import numpy as np


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression: boxes (N, 4) as (x1, y1, x2, y2), scores (N,). Returns the
    indices of the kept boxes in the order kept (decreasing score, ties to the lower index); a
    kept box suppresses every remaining box whose IoU with it is greater than iou_threshold."""
    raise NotImplementedError
