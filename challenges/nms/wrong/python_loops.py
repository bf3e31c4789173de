# expect: time_limit_exceeded
# Right, but in plain Python: for each kept box, a loop over the boxes after it (skipping the
# suppressed ones and computing the IoU only where the boxes meet): millions of pairs on the
# benchmark.
def nms(boxes, scores, iou_threshold):
    boxes = [tuple(map(float, b)) for b in boxes]
    order = sorted(range(len(boxes)), key=lambda i: (-float(scores[i]), i))
    suppressed = [False] * len(boxes)
    keep = []
    for a, i in enumerate(order):
        if suppressed[i]:
            continue
        keep.append(i)
        ax1, ay1, ax2, ay2 = boxes[i]
        area_i = (ax2 - ax1) * (ay2 - ay1)
        for j in order[a + 1 :]:
            if suppressed[j]:
                continue
            bx1, by1, bx2, by2 = boxes[j]
            w = min(ax2, bx2) - max(ax1, bx1)
            h = min(ay2, by2) - max(ay1, by1)
            if w <= 0 or h <= 0:
                continue
            inter = w * h
            union = area_i + (bx2 - bx1) * (by2 - by1) - inter
            if union > 0 and inter / union > iou_threshold:
                suppressed[j] = True
    return keep
