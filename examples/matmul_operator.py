# challenge: matmul   expect: accepted
def matrix_multiplication(A, B):
    return A @ B
