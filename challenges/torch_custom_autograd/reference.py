import math

import torch

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
A = 0.044715


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * x * (1.0 + torch.tanh(SQRT_2_OVER_PI * (x + A * x**3)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        t = torch.tanh(SQRT_2_OVER_PI * (x + A * x**3))
        inner = SQRT_2_OVER_PI * (1.0 + 3.0 * A * x**2)  # du/dx
        return grad_output * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * inner)
