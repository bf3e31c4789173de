# expect: wrong_answer
# The LSTM written out with the gates in Keras' order i, f, o, g, not PyTorch's i, f, g, o: the
# output gate's rows used as the candidate cell's and the other way round.
import torch
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens, lengths):
        x = self.embedding(tokens)
        h = x.new_zeros(x.shape[0], self.lstm.hidden_size)
        c = torch.zeros_like(h)
        for t in range(x.shape[1]):
            z = x[:, t] @ self.lstm.weight_ih_l0.T + h @ self.lstm.weight_hh_l0.T
            z = z + self.lstm.bias_ih_l0 + self.lstm.bias_hh_l0
            i, f, o, g = z.chunk(4, dim=1)
            c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h_new = torch.sigmoid(o) * torch.tanh(c_new)
            running = (t < lengths).unsqueeze(1)
            h, c = torch.where(running, h_new, h), torch.where(running, c_new, c)
        return self.fc(h)
