"""Beam search over a first-token distribution and a transition matrix of log-probabilities."""

import numpy as np


def prune(scores, rank, beam_width):
    """The flat indices (beam * V + token) of the ``beam_width`` best candidates, best first:
    highest score, then the lexicographically smaller sequence (``rank`` orders the beams'
    sequences; within one beam the smaller token)."""
    flat = scores.ravel()
    V = scores.shape[1]
    if flat.size > beam_width:
        # Every candidate at least as good as the beam_width-th best, ties at the boundary too.
        kth = np.partition(flat, flat.size - beam_width)[flat.size - beam_width]
        chosen = np.flatnonzero(flat >= kth)
    else:
        chosen = np.arange(flat.size)
    order = np.lexsort((rank[chosen // V] * V + chosen % V, -flat[chosen]))
    return chosen[order[:beam_width]]


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    first = np.asarray(initial_log_probs, dtype=np.float64)
    transitions = np.asarray(transition_log_probs, dtype=np.float64)
    V = first.shape[0]
    keep = prune(first[None, :], np.zeros(1, dtype=np.int64), beam_width)
    sequences = keep[:, None]  # (beams, t): kept best first
    scores = first[keep]
    for _ in range(length - 1):
        # Lexicographic rank of each kept sequence (np.lexsort's last key is the primary one).
        rank = np.empty(len(sequences), dtype=np.int64)
        rank[np.lexsort(sequences.T[::-1])] = np.arange(len(sequences))
        candidates = scores[:, None] + transitions[sequences[:, -1]]  # (beams, V)
        keep = prune(candidates, rank, beam_width)
        sequences = np.column_stack([sequences[keep // V], keep % V])
        scores = candidates.ravel()[keep]
    return [int(token) for token in sequences[0]], float(scores[0])
