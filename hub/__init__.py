"""The conversation hub: the services that own every conversation, and the app factory."""
