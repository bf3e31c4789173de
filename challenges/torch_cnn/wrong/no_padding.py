# expect: wrong_answer
# Convolutions without padding: 28 -> 26 -> 13 -> 11 -> 5, so fc1 takes 64 * 5 * 5 = 1600
# features, not 3136: the parameters' shapes, and their count, are not the statement's.
from torch import nn


def create_cnn_model(in_channels, num_classes):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(in_channels, 32, 3)
            self.conv2 = nn.Conv2d(32, 64, 3)
            self.fc1 = nn.Linear(64 * 5 * 5, 128)
            self.fc2 = nn.Linear(128, num_classes)
            self.pool = nn.MaxPool2d(2)
            self.relu = nn.ReLU()
            self.dropout = nn.Dropout(0.25)

        def forward(self, x):
            x = self.pool(self.relu(self.conv1(x)))
            x = self.pool(self.relu(self.conv2(x)))
            x = self.dropout(self.relu(self.fc1(x.flatten(1))))
            return self.fc2(x)

    return Net()
