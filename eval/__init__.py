"""Measurements of the desk's quality and speed; each module writes part of the report."""
