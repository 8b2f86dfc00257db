"""Errors raised by the knowledge-base index."""


class KnowledgeBaseError(Exception):
    """Base class for knowledge-base errors."""


class ArticleError(KnowledgeBaseError):
    """An article file is malformed."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexNotBuilt(KnowledgeBaseError):
    """The index directory holds no built index."""


class EncoderNotBuilt(KnowledgeBaseError):
    """The settings name a Chinese encoder directory that holds none."""
