# expect: wrong_answer
# The accuracy of thresholding the scores at 0.5, not the area under the ROC curve (which looks
# at every threshold, and does not care where the scores lie, only how they are ordered).
import numpy as np


def roc_auc(y_true, scores):
    predicted = (np.asarray(scores) > 0.5).astype(np.int64)
    return float(np.mean(predicted == np.asarray(y_true)))
