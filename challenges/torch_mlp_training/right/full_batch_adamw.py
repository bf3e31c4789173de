# expect: accepted
# Full-batch gradient descent: the whole training set every step, AdamW with a cosine schedule
# over 300 steps, gradients zeroed with set_to_none.
import torch
import torch.nn.functional as F


def train(model, X, y):
    steps = 300
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(X), y).backward()
        optimizer.step()
        schedule.step()
    return model
