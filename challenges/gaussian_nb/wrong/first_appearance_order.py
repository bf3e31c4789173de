# expect: wrong_answer
# Takes the classes in the order they first appear in y_train (a dict of per-class rows): the
# predictions are right except on exact ties, which go to the label seen first instead of the
# smallest one.
import numpy as np


def gaussian_nb(X_train, y_train, X_test):
    X = np.asarray(X_train, dtype=np.float64)
    T = np.asarray(X_test, dtype=np.float64)
    rows = {}
    for x, label in zip(X, np.asarray(y_train).tolist()):
        rows.setdefault(label, []).append(x)
    smoothing = 1e-9 * X.var(axis=0).max()
    labels = list(rows)
    scores = []
    for label in labels:
        R = np.array(rows[label])
        mu, var = R.mean(axis=0), R.var(axis=0) + smoothing
        scores.append(
            np.log(len(R) / len(X))
            - 0.5 * np.log(2 * np.pi * var).sum()
            - 0.5 * ((T - mu) ** 2 / var).sum(axis=1)
        )
    return np.array(labels)[np.argmax(np.array(scores).reshape(len(labels), -1), axis=0)]
