# expect: accepted
# One pass over the samples in Python, counting into lists: O(n), slower than NumPy but inside
# the limit on the benchmark.
def f1_score(y_true, y_pred, num_classes):
    tp = [0] * num_classes
    fp = [0] * num_classes
    fn = [0] * num_classes
    for t, p in zip(list(y_true), list(y_pred), strict=True):
        if t == p:
            tp[t] += 1
        else:
            fp[p] += 1
            fn[t] += 1
    scores = [2 * tp[c] / (2 * tp[c] + fp[c] + fn[c]) if tp[c] else 0.0 for c in range(num_classes)]
    return sum(scores) / num_classes
