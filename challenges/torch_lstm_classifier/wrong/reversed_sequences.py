# expect: wrong_answer
# The padded batch flipped in time, so that every sequence "ends" at the last column: the real
# tokens are read backwards, after the padding.
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        output, _ = self.lstm(self.embedding(tokens.flip(1)))
        return self.fc(output[:, -1])
