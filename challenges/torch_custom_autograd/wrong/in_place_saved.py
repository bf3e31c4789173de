# expect: runtime_error
# Squares the saved tensor in place to spare a temporary: the saved tensor is the caller's x,
# which is now x**2, and the rest of backward uses x**2 where it meant x. The next backward
# through the same graph (gradcheck runs two, to see that backward is deterministic) finds the
# saved tensor's version changed, and PyTorch says so; the judge's digest of the input would
# flag the modification too.
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
        x_squared = x.mul_(x)
        du = C * (1.0 + 3.0 * A * x_squared)
        return grad_output * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du)
