"""The per-page stages, in order (the orchestrator, `core`, runs them):

1. read      `read` (files, folders, globs, WARC) and `fetch` (URLs, URL lists)   paths -> Page
2. decode    `decode`    Page -> Text
3. extract   `extract`   Text -> Extracted (blocks with hints)
4. clean     `clean`     Extracted -> Extracted (each block given a role)
5. parse     `parse`, with `labels` (speaker labels) and `dates`   Extracted -> Document
6. speakers  `speakers`  Document -> Document (labels resolved to persons)
7. enrich    (summitry.enrich) Document -> Document

May import `records`, `data` and `enrich`; never the store, events, queries or anything above.
"""
