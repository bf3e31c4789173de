# expect: wrong_answer
# The output at the last time step of the padded batch: for a short sequence the LSTM has gone on
# through its padding, and its state has moved.
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        output, _ = self.lstm(self.embedding(tokens))
        return self.fc(output[:, -1])
