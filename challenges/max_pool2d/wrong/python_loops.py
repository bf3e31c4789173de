# expect: time_limit_exceeded
# Correct, but six nested Python loops, one element of one window at a time, each read through
# nested lists' indexing (x[b][ch][row][col], a view made at every bracket), as a first attempt
# from lists is written: the benchmark's 6 million 3 x 3 windows take over 5 times the limit.
# (Four loops with NumPy's max over each window's slice, or these loops reading x[b, ch, row,
# col], took about 3 times it on a slow hour: too near what judge challenges check asks to hold
# on a faster machine.)
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    out = np.empty((n, c, out_h, out_w), dtype=x.dtype)
    for b in range(n):
        for ch in range(c):
            for i in range(out_h):
                for j in range(out_w):
                    best = x[b][ch][i * stride][j * stride]
                    for di in range(size):
                        for dj in range(size):
                            value = x[b][ch][i * stride + di][j * stride + dj]
                            if value > best:
                                best = value
                    out[b][ch][i][j] = best
    return out
