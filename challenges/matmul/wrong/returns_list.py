# expect: wrong_answer
# Pure Python on the rows: the values are right, but the result must be a NumPy array.
def matrix_multiplication(A, B):
    if A.ndim != 2 or B.ndim != 2:
        import numpy as np

        return np.matmul(A, B)
    if A.shape[1] != B.shape[0]:
        raise ValueError("incompatible shapes")
    columns = B.T.tolist()
    return [[sum(a * b for a, b in zip(row, col)) for col in columns] for row in A.tolist()]
