"""Custom actions for the Rasa action server.

The action server imports every module here at start-up, so modules only define
classes: the knowledge base and the embedding model load on first use.
"""
