# expect: invalid_submission
# scikit-learn's roc_auc_score solves the exercise; this challenge bans sklearn: an invalid
# submission, whether or not the sandbox has it installed.
from sklearn.metrics import roc_auc_score


def roc_auc(y_true, scores):
    return float(roc_auc_score(y_true, scores))
