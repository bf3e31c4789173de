# expect: wrong_answer
# The epochs loop over one batch, the first 32 points, instead of the training set: the model
# fits those and never sees most of the data (whole blobs of a class, on the mixtures).
import torch
import torch.nn.functional as F


def train(model, X, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    inputs, labels = X[:32], y[:32]
    for _ in range(300):
        optimizer.zero_grad()
        F.cross_entropy(model(inputs), labels).backward()
        optimizer.step()
