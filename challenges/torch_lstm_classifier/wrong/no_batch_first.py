# expect: wrong_answer
# nn.LSTM without batch_first=True, given (B, T, E): it reads the batch as time and the time steps
# as the batch. The parameters have the same names and shapes, so the weights load.
import torch
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        output, _ = self.lstm(self.embedding(tokens))  # taken for (B, T, hidden_dim)
        return self.fc(output[torch.arange(tokens.shape[0]), lengths - 1])
