"""Rows as a download: CSV (one column per field, records as JSON) or JSON, named for what they are."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.responses import Response

DOWNLOAD_ROWS = 100_000  # rows a download holds at most


def download_response(rows: list[dict[str, Any]], form: str, name: str) -> Response:
    """The rows as an attachment: ``form`` is csv or json."""
    if form == "json":
        return Response(json.dumps(rows, ensure_ascii=False, indent=1), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in r.items()}
                         for r in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
