# expect: wrong_answer
# Saves the output y instead of the input, then uses the input's formula on it: dy/dx evaluated
# at y = gelu(x), not at x.
import math

import torch

C = math.sqrt(2.0 / math.pi)
A = 0.044715


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = 0.5 * x * (1.0 + torch.tanh(C * (x + A * x**3)))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        t = torch.tanh(C * (y + A * y**3))
        return grad_output * (
            0.5 * (1.0 + t) + 0.5 * y * (1.0 - t * t) * C * (1.0 + 3.0 * A * y**2)
        )
