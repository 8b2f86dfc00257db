"""Telegram: the Bot API client, inbound updates, outbound messages."""
