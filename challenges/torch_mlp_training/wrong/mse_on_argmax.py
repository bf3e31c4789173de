# expect: runtime_error
# The labels as floats and a mean squared error on the predicted class: argmax has no gradient,
# so the loss is not in the graph and backward() fails.
import torch
import torch.nn.functional as F


def train(model, X, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(300):
        optimizer.zero_grad()
        predicted = model(X).argmax(dim=1).float()
        F.mse_loss(predicted, y.float()).backward()
        optimizer.step()
