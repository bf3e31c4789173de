def bleu(candidate: list[str], references: list[list[str]], max_n: int = 4) -> float:
    """Sentence BLEU of the token list ``candidate`` against one or more token lists
    ``references``: the geometric mean of the clipped n-gram precisions for n = 1..max_n, times
    the brevity penalty exp(1 - r / c) when the candidate's length c is at most r, the closest
    reference length (the shorter on a tie). 0.0 when a precision is 0 or the candidate is
    empty."""
    raise NotImplementedError
