# expect: accepted
# One class at a time: its statistics from a boolean mask, its log joint for every test point as
# a column; the classes in sorted order so that np.argmax breaks ties towards the smallest label.
import math

import numpy as np


def gaussian_nb(X_train, y_train, X_test):
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train)
    T = np.asarray(X_test, dtype=np.float64)
    smoothing = 1e-9 * np.max(np.var(X, axis=0))
    labels = np.unique(y)
    columns = []
    for label in labels:
        rows = X[y == label]
        mu = rows.mean(axis=0)
        var = ((rows - mu) ** 2).mean(axis=0) + smoothing
        log_likelihood = -0.5 * (
            np.log(2 * math.pi * var).sum() + ((T - mu) ** 2 / var).sum(axis=1)
        )
        columns.append(math.log(len(rows) / len(y)) + log_likelihood)
    joint = np.column_stack(columns) if columns else np.zeros((len(T), 0))
    return labels[np.argmax(joint, axis=1)]
