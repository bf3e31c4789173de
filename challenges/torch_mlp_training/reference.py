import torch
import torch.nn.functional as F


def train(model, X, y):
    # Adam at 1e-2, mini-batches of 64 reshuffled every epoch, 20 epochs: about 300 steps on a
    # thousand points, several times what these problems need.
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(X[batch]), y[batch])
            loss.backward()
            optimizer.step()
