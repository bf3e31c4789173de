# expect: invalid_submission
# scikit-learn's f1_score solves the exercise; this challenge bans sklearn: an invalid submission,
# whether or not the sandbox has it installed.
from sklearn.metrics import f1_score as sklearn_f1


def f1_score(y_true, y_pred, num_classes):
    return float(sklearn_f1(y_true, y_pred, labels=list(range(num_classes)), average="macro"))
