"""``python -m bot``: run the conversation hub."""

from __future__ import annotations

import logging

from aiohttp import web

from hub.app import create_app
from hub.settings import HubSettings


def main() -> None:
    """Read the settings from the environment and serve the hub."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = HubSettings()
    web.run_app(create_app(settings), host=settings.hub_host, port=settings.hub_port, print=None)


if __name__ == "__main__":
    main()
