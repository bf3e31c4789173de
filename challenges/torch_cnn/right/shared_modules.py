# expect: accepted
# One ReLU module and one pooling module, each called at every place it belongs, padding
# "same", and the flattening as a view: the hooks see the same types in the same order.
from torch import nn


class SmallCNN(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 32, kernel_size=(3, 3), padding="same")
        self.conv2 = nn.Conv2d(32, 64, kernel_size=(3, 3), padding="same")
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, num_classes)
        self.relu = nn.ReLU(inplace=True)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.drop = nn.Dropout(p=0.25)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc2(self.drop(self.relu(self.fc1(x))))


def create_cnn_model(in_channels, num_classes):
    return SmallCNN(in_channels, num_classes)
