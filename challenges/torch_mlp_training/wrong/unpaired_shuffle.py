# expect: wrong_answer
# The features and the labels shuffled with two different permutations: every point is trained
# towards another point's label, and the model learns nothing but the class frequencies.
import torch
import torch.nn.functional as F


def train(model, X, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    n = X.shape[0]
    for _ in range(20):
        inputs, labels = X[torch.randperm(n)], y[torch.randperm(n)]
        for start in range(0, n, 64):
            optimizer.zero_grad()
            batch = slice(start, start + 64)
            F.cross_entropy(model(inputs[batch]), labels[batch]).backward()
            optimizer.step()
