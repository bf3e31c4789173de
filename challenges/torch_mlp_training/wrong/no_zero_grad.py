# expect: wrong_answer
# optimizer.zero_grad() forgotten: every backward adds to the gradients of all the earlier
# steps, and the ever larger steps throw the model away from any minimum.
import torch
import torch.nn.functional as F


def train(model, X, y):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    n = X.shape[0]
    for _ in range(20):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            batch = order[start : start + 64]
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
