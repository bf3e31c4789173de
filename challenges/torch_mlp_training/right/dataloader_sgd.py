# expect: accepted
# The textbook form: a TensorDataset and a shuffling DataLoader, nn.CrossEntropyLoss, SGD with
# momentum, batches of 32, 15 epochs.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def train(model, X, y):
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    model.train()
    for _ in range(15):
        for inputs, labels in loader:
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
