# verdict: runtime_error
# message: an exception whose message could not be read
"""Raises an exception whose message itself raises when the runner reads it."""


class Trap(Exception):
    def __str__(self):
        raise Trap()


def matrix_multiplication(A, B):
    raise Trap()
