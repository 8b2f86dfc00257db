"""Channels: how users reach the hub (the website widget over socket.io, Telegram)."""
