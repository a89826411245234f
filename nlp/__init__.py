"""Text handling shared by every layer: tokens, lexical terms, sentences (no index, no I/O)."""
