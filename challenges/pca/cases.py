"""The PCA suite: d = 1, n_components = 1 and = d, fewer samples than features, data far from the
origin (where forgetting to centre shows), exactly repeated eigenvalues, a constant column,
float32; then a benchmark where a covariance in Python loops runs out of time.

A component's sign is arbitrary, and within a repeated eigenvalue so is the basis of its
eigenspace; so the checker never compares components with the reference's. It checks the
property that defines them, in float64: the rows are orthonormal, and each satisfies the
eigen-equation ``C v = lambda v`` of the data's covariance with the reference's i-th largest
eigenvalue. The variances are compared with the reference's and must not increase.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

#: ``|V V^T - I|`` and ``|C v - lambda v| / |C|`` (spectral norm) allowed for a float64 case.
#: eigh of the covariance and the SVD of the centred data stay below 1e-14 on the suite (even the
#: single-pass ``E[x x^T] - m m^T``, on data 300 from the origin, below 1e-10); every classic
#: mistake is off by a share of |C| (1e-3 at the very least, mostly O(1)).
FLOAT64_SLACK = 1e-8
#: The same for a float32 case, which may be computed in float32 (an SVD in float32 stays below
#: 1e-7 on the suite; covariance sums of a few hundred terms in float32, a few times 1e-6).
FLOAT32_SLACK = 1e-4


def examples():
    X = np.array([[10.0, -5.0], [12.0, -3.0], [14.0, -1.0], [11.0, -2.0], [13.0, -4.0]])
    yield Case("example-two-components", (X, 2))
    yield Case("example-one-component", (X, 1))


def with_spectrum(rng, n, variances, offset=0.0):
    """n samples whose covariance (denominator n - 1) has exactly the given eigenvalues (up to
    rounding), along random orthonormal directions, around a random mean of size ``offset``."""
    d = len(variances)
    z = rng.normal(size=(n, d))
    z -= z.mean(axis=0)
    q, _ = np.linalg.qr(z)  # orthonormal columns, each orthogonal to the ones vector
    directions, _ = np.linalg.qr(rng.normal(size=(d, d)))
    X = np.sqrt(n - 1) * q * np.sqrt(np.asarray(variances, dtype=np.float64)) @ directions.T
    return X + offset * rng.uniform(-1, 1, size=d)


def hidden(rng: np.random.Generator):
    def correlated(n, d, scale=1.0, offset=0.0):
        """Standard deviations from 0.3 to 3 along random orthonormal directions."""
        directions, _ = np.linalg.qr(rng.normal(size=(d, d)))
        mixing = rng.uniform(0.3, 3.0, size=d)[:, None] * directions.T
        return offset * rng.uniform(-1, 1, size=d) + scale * rng.normal(size=(n, d)) @ mixing

    yield Case("small", (correlated(40, 5), 3))
    yield Case("one-component", (correlated(60, 8), 1))
    yield Case("all-components", (correlated(50, 6), 6))
    yield Case("one-feature", (correlated(30, 1, offset=5.0), 1))
    yield Case("two-samples", (correlated(2, 4), 2))
    yield Case("fewer-samples-than-features", (correlated(6, 15), 5))
    # Far from the origin (spread 0.3 to 3, means up to 300): without centring the mean dominates.
    yield Case("far-from-origin", (correlated(80, 4, offset=300.0), 2))
    yield Case("far-from-origin-one-component", (correlated(100, 3, offset=300.0), 1))
    # Exactly repeated eigenvalues: any orthonormal basis of the repeated eigenspace is right.
    spectrum = [9.0, 4.0, 4.0, 4.0, 1.0, 0.25]
    yield Case("repeated-eigenvalue", (with_spectrum(rng, 70, spectrum, offset=3.0), 5))
    yield Case("isotropic", (with_spectrum(rng, 40, [2.0] * 4), 2))
    X = correlated(45, 5)
    X[:, rng.integers(5)] = 7.0  # a constant column: variance 0 along it
    yield Case("constant-column", (X, 5))
    yield Case("large-magnitude", (correlated(60, 4, scale=1e4), 3))
    yield Case("float32", (correlated(300, 6, offset=3.0).astype(np.float32), 4))
    yield Case("medium", (correlated(1000, 40), 10))


def benchmark(rng: np.random.Generator):
    # 4000 samples of 200 features: the reference's covariance (one matrix product) and eigh take
    # a few tens of ms; a covariance from Python loops over pairs of features and samples (80
    # million products) takes many seconds.
    X = rng.normal(size=(4000, 200)) @ rng.normal(size=(200, 200)) + rng.normal(size=200)
    yield Case("benchmark-4000x200", (X, 10))


def check(case, expected, actual, tolerance):
    X, n_components = case.steps[0].args
    d = X.shape[1]
    parts, problem = as_parts(actual[0], ("components", "explained_variance"), kinds=(tuple,))
    if problem:
        return Check(False, problem)
    components, variances = parts
    V, problem = as_array(components)
    if problem:
        return Check(False, f"components: {problem}")
    if V.shape != (n_components, d):
        return Check(
            False,
            f"components: expected shape (n_components, d) = {(n_components, d)}, got "
            f"{V.shape} (one component per row)",
        )
    lam, problem = as_array(variances)
    if problem:
        return Check(False, f"explained_variance: {problem}")
    if lam.shape != (n_components,):
        return Check(
            False, f"explained_variance: expected shape {(n_components,)}, got {lam.shape}"
        )
    V = V.astype(np.float64)
    if not np.isfinite(V).all():
        return Check(False, "components: NaN or infinity")
    want = np.asarray(expected[0][1], dtype=np.float64)
    low = X.dtype == np.float32
    slack = FLOAT32_SLACK if low else FLOAT64_SLACK
    got_lam = lam.astype(np.float64)
    if np.isfinite(got_lam).all():
        rising = np.diff(got_lam) > slack * max(float(want[0]), 0.0) + 1e-300
        if rising.any():
            i = int(np.argmax(rising))
            return Check(
                False,
                f"explained_variance is not in decreasing order: entry {i + 1} is larger than "
                f"entry {i}; sort the components by decreasing variance",
            )
    found = check_numeric(expected[0][1], lam, tolerance)
    if not found.ok:
        return Check(False, f"explained_variance: {found.message}")
    gram = V @ V.T - np.eye(n_components)
    if np.abs(gram).max() > slack:
        i, j = np.unravel_index(int(np.argmax(np.abs(gram))), gram.shape)
        what = (
            f"component {i} does not have unit length (|v|^2 = {gram[i, i] + 1:.6g})"
            if i == j
            else f"components {min(i, j)} and {max(i, j)} are not orthogonal "
            f"(dot product {gram[i, j]:.3g})"
        )
        return Check(False, f"components: the rows must be orthonormal; {what}")
    data = np.asarray(X, dtype=np.float64)
    centred = data - data.mean(axis=0)
    covariance = centred.T @ centred / (len(data) - 1)
    norm = max(float(np.linalg.norm(covariance, 2)), np.finfo(np.float64).tiny)
    residual = np.linalg.norm(V @ covariance - want[:, None] * V, axis=1) / norm
    bad = residual > slack
    if bad.any():
        i = int(np.argmax(bad))
        return Check(
            False,
            f"components: {int(bad.sum())} of {n_components} rows are not eigenvectors of the "
            f"centred data's covariance for the matching variance; row {i}: "
            f"|C v - lambda v| / |C| = {residual[i]:.3g} (allowed {slack:g})",
        )
    return PASS
