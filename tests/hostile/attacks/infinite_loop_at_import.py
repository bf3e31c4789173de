# verdict: time_limit_exceeded
# message: time limit
"""Never finishes loading."""

while True:
    pass


def matrix_multiplication(A, B):
    return A @ B
