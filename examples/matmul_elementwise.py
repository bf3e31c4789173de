# challenge: matmul   expect: wrong_answer
def matrix_multiplication(A, B):
    return A * B.T
