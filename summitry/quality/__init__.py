"""The quality gate: `evaluate` scores the parser against a gold file.

May import every layer below it (down to `records`); never `web` or `cli`.
"""
