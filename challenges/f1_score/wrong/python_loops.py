# expect: time_limit_exceeded
# Correct, but for every class a Python loop over all the samples: 50 million iterations on the
# benchmark.
def f1_score(y_true, y_pred, num_classes):
    total = 0.0
    for c in range(num_classes):
        tp = fp = fn = 0
        for t, p in zip(y_true, y_pred, strict=True):
            if t == c and p == c:
                tp += 1
            elif p == c:
                fp += 1
            elif t == c:
                fn += 1
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        recall = tp / (tp + fn) if tp + fn > 0 else 0.0
        if precision + recall > 0:
            total += 2 * precision * recall / (precision + recall)
    return total / num_classes
