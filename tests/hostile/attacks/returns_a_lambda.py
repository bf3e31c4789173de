# verdict: wrong_answer
# message: cannot be checked: it is a value of type function
"""Returns a function instead of an array."""


def matrix_multiplication(A, B):
    return lambda: A @ B
