# verdict: wrong_answer
# message: cannot be checked: it is a value of type generator
"""Returns a generator of rows."""


def matrix_multiplication(A, B):
    return (row @ B for row in A)
