"""The sgd_momentum suite, on the cases and checker all the optimiser challenges share
(:mod:`judge.optimisers`, which says what the checker allows; challenge.toml gives rtol and
atol)."""

import numpy as np

from judge.optimisers import check, optimiser_case
from judge.optimisers import examples as optimiser_examples

__all__ = ["benchmark", "check", "examples", "hidden"]


def examples():
    yield from optimiser_examples("example-two-parameters", (0.1, 0.9), (0.5, 0.5))


def hidden(rng: np.random.Generator):
    mixed = [(4, 3), (3,), (), (2, 3, 2)]
    yield optimiser_case("mixed-shapes", rng, (0.1, 0.9), mixed, 5)
    yield optimiser_case("single-elements", rng, (0.05, 0.8), [(1,), ()], 4)
    # Two parameters of each shape: one velocity per position, not per shape.
    yield optimiser_case("repeated-shapes", rng, (0.02, 0.9), [(5, 4), (4,), (5, 4), (4,)], 6)
    # Steps with no gradient at all: the velocity alone keeps moving the parameters.
    yield optimiser_case("coasting", rng, (0.1, 0.9), [(6,), (3, 3)], 6, idle=(2, 3, 5))
    yield optimiser_case("large-gradients", rng, (1e-3, 0.9), [(8, 5), (5,)], 4, scale=1e4)
    # The hyperparameters by name, as the statement names them.
    hyper = {"momentum": 0.7, "lr": 0.3}
    yield optimiser_case("sparse-gradients", rng, hyper, [(10, 3), (3,)], 5, zeros=0.7)
    yield optimiser_case("no-momentum", rng, (0.2, 0.0), [(3, 4), (4,)], 3)
    yield optimiser_case("heavy-momentum", rng, (1e-3, 0.99), [(2, 2), (2,), ()], 20)
    yield optimiser_case("small-parameters", rng, (0.01, 0.5), [(7,), (2, 7)], 5, param_scale=1e-3)
    yield optimiser_case("tall-matrix", rng, (0.05, 0.95), [(64, 32), (32,), (32, 10)], 3)
    float32 = [(6, 4), (4,), (), (3, 2, 2)]
    yield optimiser_case("float32", rng, (0.05, 0.9), float32, 6, dtype=np.float32, idle=(4,))
    yield optimiser_case("float32-large", rng, (1e-4, 0.9), [(20, 10)], 4, 1e4, np.float32)


def benchmark(rng: np.random.Generator):
    # 400,000 float32 parameters, 4 steps: each step's result is 1.6 MB (6.4 MB a case).
    shapes = [(512, 512), (512,), (512, 256), (256,), (256, 64), (64,), (7032,)]
    yield optimiser_case("benchmark-400k", rng, (0.01, 0.9), shapes, 4, dtype=np.float32)
