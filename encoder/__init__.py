"""A sentence encoder that understands Chinese, distilled from the English model (python -m encoder build)."""
