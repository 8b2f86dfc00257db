"""A tokenizer that keeps English words whole and segments Chinese with jieba."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from kb_index.text import segment_with_offsets


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class BilingualTokenizer(Tokenizer):
    """Split mixed English / Chinese text: Latin words whole, Chinese runs by jieba.

    Rasa's JiebaTokenizer only runs with ``language: zh`` and its WhitespaceTokenizer
    refuses Chinese, so one model for both languages needs its own tokenizer.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config (the same keys as Rasa's tokenizers)."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BilingualTokenizer:
        """Create the tokenizer."""
        return cls(config)

    @staticmethod
    def supported_languages() -> list[str] | None:
        """Any language: the component decides per token."""
        return None

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Return the message's tokens with their character offsets."""
        text = message.get(attribute) or ""
        # Lower-casing leaves Chinese as it is, so the lemma is only ever an English word's.
        tokens = [Token(word.text, word.start, lemma=word.text.lower())
                  for word in segment_with_offsets(text)]
        if not tokens and text.strip():
            # Punctuation or emoji only: keep one token so featurizers have something.
            tokens.append(Token(text.strip(), text.find(text.strip())))
        return self._apply_token_pattern(tokens)
