# expect: wrong_answer
# The parameters frozen, but the whole model put in train mode for the loop: the backbone's batch
# norm normalises with each batch's statistics and overwrites its pre-trained running mean and
# variance, which requires_grad does not protect.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    backbone.requires_grad_(False)
    head = nn.Linear(features_dim, num_classes)
    model = nn.Sequential(backbone, head)
    model.train()
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
