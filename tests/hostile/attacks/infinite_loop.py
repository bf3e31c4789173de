# verdict: time_limit_exceeded
# message: exceeded the time limit of 2.0 s
"""Never returns."""


def matrix_multiplication(A, B):
    while True:
        pass
