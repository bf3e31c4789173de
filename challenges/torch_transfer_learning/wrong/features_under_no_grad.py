# expect: wrong_answer
# The features computed under no_grad and only the head optimised: the backbone does not change
# here, but its parameters still require grad, so whoever trains the returned model next trains
# the backbone too. The statement asks for requires_grad False on every backbone parameter.
import torch
import torch.nn.functional as F
from torch import nn


def fine_tune(backbone, features_dim, num_classes, X, y):
    backbone.eval()
    with torch.no_grad():
        features = backbone(X)
    head = nn.Linear(features_dim, num_classes)
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    for _ in range(300):
        optimizer.zero_grad()
        F.cross_entropy(head(features), y).backward()
        optimizer.step()
    return nn.Sequential(backbone, head)
