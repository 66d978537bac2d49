"""Stage 7, enrich: `document` (the stage), `figures`, `mentions`, `topics`, `sentences`, and the word
tools they share (`tokens`, `trie`).

Pure functions of one document plus the reference data. May import `records` and `data` only.
"""
