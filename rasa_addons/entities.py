"""Rasa component that adds the rule-based entities from ``desk.entities``."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from desk.entities import extract_entities
from desk.networks import load_networks


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DeskEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extract language, coin, network, tx_hash, elapsed_minutes and access."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._catalog = load_networks()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No settings: the network catalog is the configuration."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DeskEntityExtractor:
        """Create the extractor."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the entities found in each message's text."""
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {"entity": e.entity, "value": e.value, "start": e.start, "end": e.end,
                 "confidence_entity": 1.0}
                for e in extract_entities(text, self._catalog)
            ]
            if found:
                existing = message.get(ENTITIES, [])
                message.set(ENTITIES, existing + self.add_extractor_name(found), add_to_output=True)
        return messages
