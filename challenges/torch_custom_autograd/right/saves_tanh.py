# expect: accepted
# Saves tanh(u) from the forward as well as x, so that backward does not compute it again;
# 1 - tanh^2 written as 1 / cosh^2 (cosh overflows to inf for large |u|, and 1 / inf is 0).
import math

import torch

C = math.sqrt(2.0 / math.pi)
A = 0.044715


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        u = C * (x + A * x * x * x)
        t = torch.tanh(u)
        ctx.save_for_backward(x, u, t)
        return 0.5 * x * (1.0 + t)

    @staticmethod
    def backward(ctx, grad_output):
        x, u, t = ctx.saved_tensors
        sech2 = 1.0 / torch.cosh(u) ** 2
        return grad_output * (0.5 * (1.0 + t) + 0.5 * x * sech2 * C * (1.0 + 3.0 * A * x * x))
