"""The knowledge-base index: articles in, FAISS + BM25 hybrid search out."""
