"""Stage 9, link, and what works on the versions of one event: `link` (documents to events), `versions`
(version kinds, document profiles), `similarity`, `align` (turns and sentences of two versions) and
`trace` (quotes across versions).

May import `records`, `data`, `enrich`, `pipeline` and `store`; never formats, queries or above.
"""
