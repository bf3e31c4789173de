def bpe_merges(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """The first ``num_merges`` byte-pair-encoding merges learned from ``word_counts`` (each word
    split into its characters): at each step the adjacent pair of symbols with the largest count
    (each occurrence weighted by its word's count; ties to the smallest pair), merged left to
    right without overlap in every word. Fewer merges when no pair is left."""
    raise NotImplementedError
