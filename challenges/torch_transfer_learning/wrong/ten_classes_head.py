# expect: wrong_answer
# A head with a hard-coded 10 outputs (a CIFAR habit) instead of num_classes: it trains, since
# every label is below 10, but its logits have the wrong shape.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    backbone.requires_grad_(False)
    backbone.eval()
    head = nn.Linear(features_dim, 10)
    model = nn.Sequential(backbone, head)
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
    return model
