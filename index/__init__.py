"""The index: the document model, index generations (Chroma + BM25 + documents) and the embedder.

`ingest/` writes it; `assistant/` reads it. It imports nothing from either."""
