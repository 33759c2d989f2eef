"""HTTP delivery of stored objects: single byte ranges (206), ETag/If-None-Match (304), and a
Content-Disposition that carries Vietnamese file names (RFC 6266 / RFC 5987)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from app.documents.errors import RangeNotSatisfiable
from app.documents.service import ServedObject
from app.storage import ObjectStore

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_disposition(filename: str, disposition: str = "inline") -> str:
    ascii_name = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(c for c in ascii_name if c.isascii() and c not in '"\\' and c >= " ")
    return (
        f'{disposition}; filename="{ascii_name or "tai-lieu.pdf"}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """One `bytes=` range → inclusive (start, end); None means the whole object. Several
    ranges are answered with the whole object, which RFC 9110 allows."""
    if not header or "," in header:
        return None
    match = _RANGE.match(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable()
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable()
    return start, end


def serve(request: Request, store: ObjectStore, obj: ServedObject) -> Response:
    etag = f'"{obj.etag}"'
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Content-Disposition": content_disposition(obj.filename),
        "Cache-Control": "private, no-cache" if obj.cacheable else "private, no-store",
    }
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    if_range = request.headers.get("if-range")
    wanted = request.headers.get("range") if if_range in (None, etag) else None
    try:
        span = parse_range(wanted, obj.size)
    except RangeNotSatisfiable as error:
        return JSONResponse(
            error.body(),
            status_code=error.status,
            headers={**headers, "Content-Range": f"bytes */{obj.size}"},
        )
    if span is None:
        body = store.open(obj.key)
        return StreamingResponse(
            body, media_type=obj.media_type, headers={**headers, "Content-Length": str(obj.size)}
        )
    start, end = span
    body = store.open(obj.key, start=start, end=end)
    return StreamingResponse(
        body,
        status_code=206,
        media_type=obj.media_type,
        headers={
            **headers,
            "Content-Range": f"bytes {start}-{end}/{obj.size}",
            "Content-Length": str(end - start + 1),
        },
    )
