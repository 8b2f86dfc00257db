"""Knowledge-base articles for the agent: what the user asked about, from the FAQ index."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from storage.conversations import Sender, StoredMessage

logger = logging.getLogger(__name__)


class ArticleSuggestions:
    """Search the knowledge base for the console; never fails, at worst suggests nothing."""

    def __init__(self, kb_store=None) -> None:
        self.kb_store = kb_store

    def warm_up(self) -> None:
        """Load the index and the embedding model now, not on an agent's first click."""
        if self.kb_store is None:
            return
        try:
            self.kb_store.current().embed_query("warm up")
        except Exception:  # noqa: BLE001 - no index yet: suggestions stay empty, the hub runs
            logger.warning("knowledge base not available for suggestions", exc_info=True)

    async def for_messages(self, messages: list[StoredMessage], language: str | None
                           ) -> list[dict[str, Any]]:
        """Articles for what the user said (the end of their recent messages)."""
        said = " ".join(m.text for m in messages if m.sender is Sender.USER)[-600:]
        return await self.search(said, language) if said.strip() else []

    async def search(self, query: str, language: str | None) -> list[dict[str, Any]]:
        """The three best articles for the query."""
        # Embedding is CPU work: keep it off the event loop that serves every socket.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._search_blocking, query, language)

    def _search_blocking(self, query: str, language: str | None) -> list[dict[str, Any]]:
        if self.kb_store is None or not query.strip():
            return []
        try:
            kb = self.kb_store.current()
            hits = kb.search(query, language, k=3)
        except Exception:  # noqa: BLE001 - suggestions are a help, never a failure
            logger.exception("knowledge-base suggestions failed")
            return []
        return [{"id": h.article_id, "title": h.title, "language": h.language,
                 "body": kb.article(h.article_id).body[h.language],
                 "confidence": round(h.confidence, 3)} for h in hits]
