"""Submissions used across the tests, written as candidates write them."""

DOT = """
import numpy as np

def matrix_multiplication(A, B):
    return np.dot(A, B)
"""

TRANSPOSED = """
import numpy as np

def matrix_multiplication(A, B):
    if A.ndim == 2 and B.ndim == 2 and A.shape[1] == B.shape[1]:
        return A @ B.T  # where the shapes allow it
    return np.zeros(np.matmul(A, B).shape)
"""

ZEROS = """
import numpy as np

def matrix_multiplication(A, B):
    return np.zeros_like(np.matmul(A, B))
"""

INFINITE_LOOP = """
def matrix_multiplication(A, B):
    while True:
        pass
"""

MEMORY_BOMB = """
import numpy as np

def matrix_multiplication(A, B):
    hog = np.ones((1 << 30,))  # 8 GiB, touched
    return hog
"""

SLOW_MEMORY_BOMB = """
import numpy as np

def matrix_multiplication(A, B):
    hoard = []
    while True:
        hoard.append(np.ones(1 << 20))
"""

RAISES = """
def matrix_multiplication(A, B):
    raise ArithmeticError("the candidate's own message")
"""

SYNTAX_ERROR = """
def matrix_multiplication(A, B)
    return A @ B
"""

MISSING_ENTRY = """
def matmul(A, B):
    return A @ B
"""
