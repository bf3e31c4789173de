# expect: wrong_answer
# Nothing frozen: the optimiser trains the backbone with the head, and its weights move away
# from the pre-trained ones (fine-tuning everything, not transfer with a frozen backbone).
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    backbone.eval()
    model = nn.Sequential(backbone, nn.Linear(features_dim, num_classes))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
    return model
