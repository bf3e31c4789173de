# expect: wrong_answer
# F.dropout without training=self.training: its default is training=True, so units are still
# dropped (and the rest scaled by 4/3) after model.eval().
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(3136, 128)
        self.fc2 = nn.Linear(128, num_classes)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(0.25)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = F.dropout(self.relu(self.fc1(self.flatten(x))), p=0.25)
        return self.fc2(x)


def create_cnn_model(in_channels, num_classes):
    return Net(in_channels, num_classes)
