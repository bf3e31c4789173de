# challenge: matmul   expect: runtime_error
def matrix_multiplication(A, B):
    rows = len(A)
    return [[0] * len(B[0])] * rows[0]
