"""The website widget: Rasa's socket.io protocol plus the hub's events, and its files."""
