# verdict: accepted
# message: ^$
"""Looks through the runner's memory, from its own call up the stack, for the inputs of cases
still to come, to work on them off the clock. The runner's parent sends each case's inputs only
when the case's clock starts, so none is there; it raises if it finds any."""

import sys


def matrix_multiplication(A, B):
    frame = sys._getframe(1)
    most = 0
    while frame is not None:
        for name, value in list(frame.f_locals.items()):
            if name in ("blobs", "case_trees", "cases") and isinstance(value, list | dict):
                most = max(most, len(value))
        frame = frame.f_back
    if most > 2:  # one case of this challenge holds two arrays
        raise RuntimeError(f"found {most} inputs: later cases are already here")
    return A @ B
