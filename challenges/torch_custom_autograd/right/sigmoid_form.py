# expect: accepted
# The same function written as x * sigmoid(2u), since 0.5 (1 + tanh u) = sigmoid(2u), with the
# derivative s + 2 x s (1 - s) u'. torch.sigmoid is stable for any u.
import math

import torch

C = math.sqrt(2.0 / math.pi)


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * torch.sigmoid(2.0 * C * (x + 0.044715 * x.pow(3)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(2.0 * C * (x + 0.044715 * x.pow(3)))
        du = C * (1.0 + 3.0 * 0.044715 * x * x)
        return grad_output * (s + 2.0 * x * s * (1.0 - s) * du)
