# expect: invalid_submission
# scikit-learn solves the exercise, and this challenge bans it: an invalid submission, whether or not
# the sandbox has it installed, and however the import is written (see tests/hostile/attacks/).
from sklearn.neighbors import NearestNeighbors


def k_nearest_neighbors(X_train, X_query, k):
    model = NearestNeighbors(n_neighbors=k).fit(X_train)
    return model.kneighbors(X_query, return_distance=False)
