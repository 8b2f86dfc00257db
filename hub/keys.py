"""Typed keys for what the app and its requests hold (aiohttp 3.9 ``AppKey``)."""

from __future__ import annotations

from aiohttp import web

from handoff.agents import AgentDirectory
from hub.hub import Hub
from hub.settings import HubSettings

hub_key = web.AppKey("hub", Hub)
settings_key = web.AppKey("settings", HubSettings)
directory_key = web.AppKey("agent_directory", AgentDirectory)
