"""Persistence: the engine, every table, migrations, and the conversation store."""
