# expect: accepted
# A module of its own whose train() keeps the backbone in eval mode, so that the usual
# model.train() before the loop is safe; a DataLoader, SGD with momentum over the trainable
# parameters alone.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class FineTuned(nn.Module):
    def __init__(self, backbone, features_dim, num_classes):
        super().__init__()
        self.backbone = backbone.requires_grad_(False)
        self.head = nn.Linear(features_dim, num_classes)

    def train(self, mode=True):
        super().train(mode)
        self.backbone.eval()  # frozen: its batch norm keeps its pre-trained statistics
        return self

    def forward(self, x):
        return self.head(self.backbone(x))


def fine_tune(backbone, features_dim, num_classes, X, y):
    model = FineTuned(backbone, features_dim, num_classes)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(trainable, lr=0.05, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
    model.train()
    for _ in range(10):
        for inputs, labels in loader:
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
    return model
