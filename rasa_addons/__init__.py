"""Rasa components for a bilingual English / Chinese bot (used from ``config.yml``).

Importing this package changes nothing in Rasa: the server's speed-up is installed by its
entry point, ``python -m rasa_addons.server`` (see ``rasa_addons/speedups.py``).
"""
