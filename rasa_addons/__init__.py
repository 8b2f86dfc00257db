"""Rasa NLU components for a bilingual English / Chinese bot (used from ``config.yml``)."""

# Rasa imports this package in every process that loads the model (server, shell, test),
# which makes it the one place to fix Rasa's per-action schema check for all of them.
from rasa_addons import speedups as rasa_speedups

rasa_speedups.install()
