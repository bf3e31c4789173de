# expect: time_limit_exceeded
# Right, but a Python loop over every (positive, negative) pair: 1e11 iterations on the
# benchmark.
def roc_auc(y_true, scores):
    positives = [s for s, t in zip(scores, y_true) if t == 1]
    negatives = [s for s, t in zip(scores, y_true) if t != 1]
    wins = 0.0
    for p in positives:
        for n in negatives:
            if p > n:
                wins += 1.0
            elif p == n:
                wins += 0.5
    return wins / (len(positives) * len(negatives))
