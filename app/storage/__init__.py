"""Object storage: immutable blobs under store-generated keys.

The only package that imports ``minio``; the rest of the app sees ObjectStore.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import minio
import urllib3

from .base import (
    ChunkStream,
    InvalidKey,
    InvalidRange,
    ObjectInfo,
    ObjectNotFound,
    ObjectStore,
    ObjectTooLarge,
    PendingObject,
    StorageError,
    StorageFull,
    StoredObject,
    filesystem_error,
)
from .local import LocalObjectStore
from .s3 import S3ObjectStore

__all__ = [
    "ChunkStream",
    "InvalidKey",
    "InvalidRange",
    "LocalObjectStore",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectTooLarge",
    "PendingObject",
    "S3ObjectStore",
    "StorageError",
    "StorageFull",
    "StoredObject",
    "filesystem_error",
    "store_from_url",
]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def store_from_url(url: str) -> ObjectStore:
    """Build the configured store.

    ``file://./rel/dir`` (relative to the CWD), ``file:///abs/dir`` or
    ``s3://ACCESS:SECRET@HOST:PORT/BUCKET[?secure=true][&region=R]``.
    """
    if url.startswith("file://"):
        return _local_from_url(url)
    if url.startswith("s3://"):
        return _s3_from_url(url)
    raise ValueError(f"unsupported storage URL {_redact(url)!r}: use file://PATH or s3://...")


def _local_from_url(url: str) -> LocalObjectStore:
    # Taken verbatim rather than via urlsplit: "file://./data" would otherwise
    # parse "." as a host name.
    raw = unquote(url[len("file://") :])
    if not raw or "?" in raw or "#" in raw:
        raise ValueError(f"invalid file storage URL {url!r}: use file://./dir or file:///abs/dir")
    root = Path(raw)
    if not root.is_absolute():
        if not raw.startswith("."):
            # "file://host/path" is a remote file URL; refuse the ambiguity.
            raise ValueError(f"invalid file storage URL {url!r}: relative paths must start with ./")
        root = Path.cwd() / root
    root.mkdir(parents=True, exist_ok=True)
    return LocalObjectStore(root)


def _s3_from_url(url: str) -> S3ObjectStore:
    parts = urlsplit(url)
    bucket = parts.path.strip("/")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not (parts.username and parts.password and parts.hostname and port and bucket):
        raise ValueError(
            f"invalid S3 storage URL {_redact(url)!r}: expected s3://ACCESS:SECRET@HOST:PORT/BUCKET"
        )
    if "/" in bucket:
        raise ValueError(f"invalid S3 storage URL {_redact(url)!r}: path must be only the bucket")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    unknown = set(query) - {"secure", "region"}
    if unknown:
        raise ValueError(f"unknown S3 storage URL options: {', '.join(sorted(unknown))}")
    secure_flag = query.get("secure", ["false"])[-1].lower()
    if secure_flag not in _TRUE | _FALSE:
        raise ValueError(f"secure must be true or false, not {secure_flag!r}")
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    # Explicit timeouts/retries: minio's defaults wait 5 minutes to connect,
    # which would hang /healthz when the backend is unreachable.
    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=5, read=120),
        maxsize=10,
        retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
    )
    client = minio.Minio(
        f"{host}:{port}",
        access_key=unquote(parts.username),
        secret_key=unquote(parts.password),
        secure=secure_flag in _TRUE,
        region=query.get("region", [None])[-1],
        http_client=http,
    )
    scheme = "https" if secure_flag in _TRUE else "http"
    store = S3ObjectStore(client, bucket, endpoint=f"{scheme}://{host}:{port}")
    store.ensure_bucket()
    return store


def _redact(url: str) -> str:
    """Keep secrets out of error messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{parts.username}:***@{netloc}").geturl()
