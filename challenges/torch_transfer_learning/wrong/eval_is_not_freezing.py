# expect: wrong_answer
# backbone.eval() taken for freezing: eval mode only changes how batch norm and dropout behave,
# the parameters still require grad, and an optimiser over all of them (AdamW) updates them.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    head = nn.Linear(features_dim, num_classes)
    model = nn.Sequential(backbone, head)
    backbone.eval()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
    return model
