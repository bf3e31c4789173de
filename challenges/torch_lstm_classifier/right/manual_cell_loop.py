# expect: accepted
# The LSTM written out with nn.LSTM's own parameters (gates in PyTorch's order i, f, g, o), one
# time step at a time over the whole batch; a sequence's state stops changing after its length.
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
        batch, steps, _ = x.shape
        hidden = self.lstm.hidden_size
        h = x.new_zeros(batch, hidden)
        c = x.new_zeros(batch, hidden)
        for t in range(steps):
            z = (
                x[:, t] @ self.lstm.weight_ih_l0.T
                + self.lstm.bias_ih_l0
                + h @ self.lstm.weight_hh_l0.T
                + self.lstm.bias_hh_l0
            )
            i, f, g, o = z.chunk(4, dim=1)
            c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h_new = torch.sigmoid(o) * torch.tanh(c_new)
            running = (t < lengths).unsqueeze(1)
            h = torch.where(running, h_new, h)
            c = torch.where(running, c_new, c)
        return self.fc(h)
