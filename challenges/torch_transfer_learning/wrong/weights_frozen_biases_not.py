# expect: wrong_answer
# Only the parameters named "weight" frozen: the biases (the linear layer's, the batch norm's
# shift) still train.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    for name, parameter in backbone.named_parameters():
        if name.endswith("weight"):
            parameter.requires_grad = False
    backbone.eval()
    model = nn.Sequential(backbone, nn.Linear(features_dim, num_classes))
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
    return model
