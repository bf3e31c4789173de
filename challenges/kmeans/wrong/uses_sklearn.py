# expect: invalid_submission
# scikit-learn's KMeans, and this challenge bans it: an invalid submission, however the import is
# written and whether or not the sandbox has it.
import numpy as np
from sklearn.cluster import KMeans


def kmeans(X, init_centroids, n_iters):
    model = KMeans(len(init_centroids), init=init_centroids, n_init=1, max_iter=n_iters).fit(X)
    return model.cluster_centers_, model.predict(X)
