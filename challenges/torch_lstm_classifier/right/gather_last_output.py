# expect: accepted
# No packing: the LSTM runs over the padded batch, and since step t depends only on steps up to t,
# its output at each sequence's last real step (gathered at lengths - 1) is the right state.
import torch
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        output, _ = self.lstm(self.embedding(tokens))  # (B, T, hidden_dim)
        last = output[torch.arange(tokens.shape[0]), lengths - 1]
        return self.fc(last)
