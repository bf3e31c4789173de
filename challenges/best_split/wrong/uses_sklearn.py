# expect: invalid_submission
# A depth-1 scikit-learn tree finds the split for the candidate; this challenge bans sklearn: an
# invalid submission, whether or not the sandbox has it installed.
import numpy as np
from sklearn.tree import DecisionTreeClassifier


def best_split(X, y):
    tree = DecisionTreeClassifier(max_depth=1).fit(X, y)
    if tree.tree_.node_count == 1:
        return None, None, 0.0
    return int(tree.tree_.feature[0]), float(tree.tree_.threshold[0]), 0.0
