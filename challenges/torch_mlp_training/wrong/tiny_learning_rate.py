# expect: wrong_answer
# A learning rate of 1e-6: 300 steps of Adam move each weight by at most 3e-4, and the model
# stays as good as its random initialisation.
import torch
import torch.nn.functional as F


def train(model, X, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-6)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
