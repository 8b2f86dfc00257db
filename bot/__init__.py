"""The conversation hub: channels (website widget, Telegram), routing, delivery."""
