# expect: wrong_answer
# The chain rule stops at tanh: the inner derivative du/dx = sqrt(2/pi) (1 + 3 * 0.044715 x^2)
# is missing from the second term.
import math

import torch

C = math.sqrt(2.0 / math.pi)
A = 0.044715


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * x * (1.0 + torch.tanh(C * (x + A * x**3)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        t = torch.tanh(C * (x + A * x**3))
        return grad_output * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t))
