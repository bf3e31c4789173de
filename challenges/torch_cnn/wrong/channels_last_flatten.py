# expect: wrong_answer
# Flattened in (row, column, channel) order, as Keras does, rather than PyTorch's (channel,
# row, column): fc1's weights meet the wrong features.
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
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        x = self.dropout(self.relu(self.fc1(x)))
        return self.fc2(x)


def create_cnn_model(in_channels, num_classes):
    return Net(in_channels, num_classes)
