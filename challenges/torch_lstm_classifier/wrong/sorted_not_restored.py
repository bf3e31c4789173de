# expect: wrong_answer
# The batch sorted by length for packing (enforce_sorted=True needs it), and the final states
# left in that sorted order: each row's logits belong to another sequence.
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        lengths, order = torch.sort(lengths, descending=True)
        packed = pack_padded_sequence(self.embedding(tokens[order]), lengths, batch_first=True)
        _, (h_n, _) = self.lstm(packed)
        return self.fc(h_n[-1])
