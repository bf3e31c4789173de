"""The adam suite, on the cases and checker all the optimiser challenges share
(:mod:`judge.optimisers`, which says what the checker allows; challenge.toml gives rtol and
atol)."""

import numpy as np

from judge.optimisers import check, optimiser_case
from judge.optimisers import examples as optimiser_examples

__all__ = ["benchmark", "check", "examples", "hidden"]


def examples():
    yield from optimiser_examples("example-defaults", (), (0.1, 0.5, 0.9, 1e-8))


def hidden(rng: np.random.Generator):
    mixed = [(4, 3), (3,), (), (2, 3, 2)]
    yield optimiser_case("mixed-shapes", rng, (0.01, 0.9, 0.999, 1e-8), mixed, 5)
    yield optimiser_case("defaults", rng, (), [(3, 5), (5,)], 4)
    yield optimiser_case("single-elements", rng, (0.05, 0.8, 0.99, 1e-8), [(1,), ()], 4)
    # Two parameters of each shape: one pair of moments per position, not per shape.
    shapes = [(5, 4), (4,), (5, 4), (4,)]
    yield optimiser_case("repeated-shapes", rng, (0.02, 0.9, 0.999, 1e-8), shapes, 6)
    # Steps with no gradient at all: the first moment alone keeps moving the parameters.
    shapes = [(6,), (3, 3)]
    yield optimiser_case("idle-steps", rng, (0.1, 0.9, 0.999, 1e-8), shapes, 6, idle=(2, 3))
    yield optimiser_case("large-gradients", rng, (1e-3, 0.9, 0.999, 1e-8), [(8, 5), (5,)], 4, 1e4)
    # Gradients of 1e-9 to 1e-6: sqrt(v_hat) is of the order of eps, so where eps goes matters.
    tiny = [(6, 3), (3,)]
    yield optimiser_case("tiny-gradients", rng, (1e-3, 0.9, 0.999, 1e-8), tiny, 5, 1e-7, zeros=0.3)
    yield optimiser_case("large-eps", rng, (0.05, 0.5, 0.9, 1e-2), [(4, 4), (4,)], 5, scale=1e-2)
    # The hyperparameters by name, as the statement names them.
    hyper = {"eps": 1e-6, "beta2": 0.95, "beta1": 0.7, "lr": 0.3}
    yield optimiser_case("sparse-gradients", rng, hyper, [(10, 3), (3,)], 5, zeros=0.7)
    # Twenty steps with beta2 = 0.999: the second moment's correction is still far from 1.
    yield optimiser_case("long-run", rng, (1e-3, 0.9, 0.999, 1e-8), [(2, 2), (2,), ()], 20)
    shapes = [(64, 32), (32,), (32, 10)]
    yield optimiser_case("tall-matrix", rng, (0.005, 0.95, 0.9999, 1e-8), shapes, 3)
    float32 = [(6, 4), (4,), (), (3, 2, 2)]
    hyper = (0.01, 0.9, 0.999, 1e-8)
    yield optimiser_case("float32", rng, hyper, float32, 6, dtype=np.float32, idle=(4,))
    hyper = (1e-4, 0.9, 0.999, 1e-8)
    yield optimiser_case("float32-large", rng, hyper, [(20, 10)], 4, 1e4, np.float32)


def benchmark(rng: np.random.Generator):
    # 400,000 float32 parameters, 4 steps: each step's result is 1.6 MB (6.4 MB a case).
    shapes = [(512, 512), (512,), (512, 256), (256,), (256, 64), (64,), (7032,)]
    yield optimiser_case("benchmark-400k", rng, (), shapes, 4, dtype=np.float32)
