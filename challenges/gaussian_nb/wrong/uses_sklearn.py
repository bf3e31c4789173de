# expect: invalid_submission
# scikit-learn's GaussianNB solves the exercise; this challenge bans sklearn: an invalid
# submission, whether or not the sandbox has it installed.
from sklearn.naive_bayes import GaussianNB


def gaussian_nb(X_train, y_train, X_test):
    return GaussianNB().fit(X_train, y_train).predict(X_test)
