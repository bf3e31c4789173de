# expect: accepted
# The features computed once, under no_grad with the backbone in eval mode, and the head trained
# on them full-batch with L-BFGS: the backbone runs once instead of every step.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    for parameter in backbone.parameters():
        parameter.requires_grad = False
    backbone.eval()
    with torch.no_grad():
        features = backbone(X)
    head = nn.Linear(features_dim, num_classes)
    optimizer = torch.optim.LBFGS(head.parameters(), lr=0.5, max_iter=100)

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(head(features), y) + 1e-4 * head.weight.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return nn.Sequential(backbone, head)
