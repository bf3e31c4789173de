# expect: wrong_answer
# Trains a copy and returns it: the model the judge gave, and evaluates, is never trained.
import copy

import torch
import torch.nn.functional as F


def train(model, X, y):
    model = copy.deepcopy(model)
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
