"""The quality gate: the parser scored against a gold file, and floors the scores must hold.

`gold` (a gold file and what it judges), `turns` (turns by word alignment, with the kinds of error),
`fields` (metadata fields, same-meeting pairs), `evaluate` (ingests the pages, scores each document),
`gate` (the measures and their floors, for `summitry eval`), `expectations` (one parsed page against a
hand-written expectation, turn by turn).

May import every layer below it (down to `records`); never `web` or `cli`.
"""
