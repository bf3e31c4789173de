# expect: invalid_submission
# scikit-learn's PCA, and this challenge bans it: an invalid submission, however the import is
# written and whether or not the sandbox has it.
from sklearn.decomposition import PCA


def pca(X, n_components):
    model = PCA(n_components=n_components).fit(X)
    return model.components_, model.explained_variance_
