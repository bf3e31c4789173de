# expect: wrong_answer
# The right layers in nn.Sequential containers: the state_dict's names become features.0.weight,
# classifier.1.weight..., not conv1.weight..., and the judge's weights cannot be loaded by name.
from torch import nn


def create_cnn_model(in_channels, num_classes):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(in_channels, 32, 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
            )
            self.classifier = nn.Sequential(
                nn.Flatten(),
                nn.Linear(3136, 128),
                nn.ReLU(),
                nn.Dropout(0.25),
                nn.Linear(128, num_classes),
            )

        def forward(self, x):
            return self.classifier(self.features(x))

    return Net()
