"""Rasa NLU components for a bilingual English / Chinese bot (used from ``config.yml``)."""
