# expect: invalid_submission
# scikit-learn's DecisionTreeClassifier solves the exercise; this challenge bans sklearn: an
# invalid submission, whether or not the sandbox has it installed.
from sklearn.tree import DecisionTreeClassifier


class DecisionTree:
    def __init__(self, max_depth, min_samples_split=2):
        self.model = DecisionTreeClassifier(
            max_depth=max_depth, min_samples_split=min_samples_split
        )

    def fit(self, X, y):
        self.model.fit(X, y)
        return self

    def predict(self, X):
        return self.model.predict(X)
