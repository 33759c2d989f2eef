"""Static files for slow links: text files (pdf.js is 2.2 MB of JavaScript and CSS) travel
gzipped, about a quarter of their size, and every file is revalidated by its ETag, so a
returning reader gets a 304 instead of the bytes again."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

COMPRESSIBLE = frozenset({".mjs", ".js", ".css", ".svg", ".json", ".ftl", ".html", ".txt"})
# "no-cache" is "check first": an upgrade is seen at once, an unchanged file costs a 304
CACHE_CONTROL = "no-cache"


class CompressedStaticFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        wanted = Headers(scope=scope)
        if (
            isinstance(response, FileResponse)
            and response.stat_result is not None
            and Path(path).suffix in COMPRESSIBLE
            and "gzip" in wanted.get("accept-encoding", "")
            and "range" not in wanted
        ):
            stat = response.stat_result
            body = await anyio.to_thread.run_sync(
                _gzipped, str(response.path), stat.st_mtime_ns, stat.st_size
            )
            headers = {
                "etag": response.headers["etag"].removesuffix('"') + '-gz"',
                "last-modified": response.headers["last-modified"],
                "content-encoding": "gzip",
            }
            if headers["etag"] in wanted.get("if-none-match", ""):
                response = NotModifiedResponse(Headers(headers))
            else:
                response = Response(body, media_type=response.media_type, headers=headers)
        if Path(path).suffix in COMPRESSIBLE:
            response.headers["vary"] = "Accept-Encoding"
        response.headers["cache-control"] = CACHE_CONTROL
        return response


@lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """Compressed once per file version and worker (keyed by its time and size)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)
