# expect: time_limit_exceeded
# Correct, but for every class a Python loop over the indices of all the samples, reading both
# arrays one element at a time: 50 million iterations on the benchmark. (A loop over
# zip(y_true, y_pred) took 4 times the limit on a slow hour, too near what judge challenges
# check asks to hold on a faster machine; indexing the arrays takes twice as long.)
def f1_score(y_true, y_pred, num_classes):
    total = 0.0
    for c in range(num_classes):
        tp = fp = fn = 0
        for i in range(len(y_true)):
            if y_true[i] == c and y_pred[i] == c:
                tp += 1
            elif y_pred[i] == c:
                fp += 1
            elif y_true[i] == c:
                fn += 1
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        recall = tp / (tp + fn) if tp + fn > 0 else 0.0
        if precision + recall > 0:
            total += 2 * precision * recall / (precision + recall)
    return total / num_classes
