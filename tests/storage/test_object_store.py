"""Contract tests: every ObjectStore backend must behave identically.

The S3 backend runs against a real, authenticated SeaweedFS server.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.storage import (
    InvalidKey,
    InvalidRange,
    LocalObjectStore,
    ObjectNotFound,
    ObjectStore,
    ObjectTooLarge,
    S3ObjectStore,
    StorageError,
    store_from_url,
)
from tests.support.s3server import S3Server

MiB = 1024 * 1024
PART = 5 * MiB  # S3's minimum part size: small parts make multipart cheap to hit
BIG = 12 * MiB + 123  # three parts of PART, the last one short
KEY_SHAPE = re.compile(r"^objects/([0-9a-f]{2})/([0-9a-f]{32})$")


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    if request.param == "local":
        yield LocalObjectStore(tmp_path / "objects")
        return
    with fresh_s3_store(request.getfixturevalue("s3_server")) as s3:
        yield s3


@contextlib.contextmanager
def fresh_s3_store(server: S3Server, parallel: int = 3) -> Iterator[S3ObjectStore]:
    client = server.client()
    store = S3ObjectStore(client, f"t-{uuid.uuid4().hex[:16]}", PART, parallel)
    store.ensure_bucket()
    try:
        yield store
    finally:
        client.remove_bucket(store.bucket)  # weed deletes non-empty buckets; frees the volume


def payload(size: int, seed: int = 0) -> bytes:
    # Non-repeating content so a misplaced chunk or range cannot go unnoticed.
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest() * 64
        counter += 1
    return bytes(out[:size])


def read_all(store: ObjectStore, key: str, **kw: int | None) -> bytes:
    with store.open(key, **kw) as stream:  # type: ignore[arg-type]
        return b"".join(stream)


def assert_nothing_left(store: ObjectStore, keys_before: list[str], threads: int) -> None:
    assert list(store.iter_keys()) == keys_before
    # Failed uploads must not leak minio's upload worker threads either.
    deadline = time.monotonic() + 2
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() <= threads
    if isinstance(store, LocalObjectStore):
        assert os.listdir(store.root / ".tmp") == []
    else:
        assert isinstance(store, S3ObjectStore)
        pending = store._client._list_multipart_uploads(store.bucket)
        assert pending.uploads == []


class Boom(OSError):
    """An OSError on purpose: source errors must not be mistaken for backend errors."""


def failing_chunks(good: int) -> Iterator[bytes]:
    yield payload(good)
    raise Boom("source broke mid-stream")


class FailingReader(io.RawIOBase):
    def __init__(self, good: int) -> None:
        self.left = good

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            raise Boom("disk read failed mid-stream")
        take = min(n, self.left)
        self.left -= take
        return b"z" * take


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, MiB - 1, MiB, MiB + 1, BIG])
def test_round_trip(store: ObjectStore, size: int) -> None:
    data = payload(size)
    obj = store.put(io.BytesIO(data))
    assert obj.size == size
    assert obj.sha256 == hashlib.sha256(data).hexdigest()
    assert KEY_SHAPE.match(obj.key)
    assert store.stat(obj.key).size == size
    assert read_all(store, obj.key) == data
    if isinstance(store, S3ObjectStore) and size > PART:
        # Multipart ETags end in "-<parts>": proves the upload really was split.
        etag = store._client.stat_object(store.bucket, obj.key).etag or ""
        assert etag.endswith("-3")


def test_iterable_source_with_odd_chunks(store: ObjectStore) -> None:
    data = payload(BIG, seed=1)
    cuts = [0, 1, 1, 7, 70_000, PART - 3, PART + 10, 2 * PART + 1, BIG - 1, BIG]
    pieces: list[bytes | bytearray | memoryview] = [data[a:b] for a, b in itertools.pairwise(cuts)]
    pieces[3] = bytearray(pieces[3])  # other buffer types are accepted too
    pieces[4] = memoryview(bytes(pieces[4]))
    obj = store.put(iter(pieces))  # type: ignore[arg-type]
    assert (obj.size, obj.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert read_all(store, obj.key) == data


def test_one_huge_chunk_larger_than_a_part(store: ObjectStore) -> None:
    data = payload(BIG, seed=2)
    obj = store.put([data])
    assert read_all(store, obj.key) == data


def test_bytes_is_not_mistaken_for_an_iterable_of_chunks(store: ObjectStore) -> None:
    with pytest.raises(TypeError):
        store.put(b"abc")  # type: ignore[arg-type]
    assert list(store.iter_keys()) == []


def test_same_bytes_get_different_keys(store: ObjectStore) -> None:
    a = store.put(io.BytesIO(b"same"))
    b = store.put(io.BytesIO(b"same"))
    assert a.key != b.key
    assert a.sha256 == b.sha256
    assert read_all(store, a.key) == read_all(store, b.key) == b"same"
    shard, name = KEY_SHAPE.fullmatch(a.key).groups()  # type: ignore[union-attr]
    assert name.startswith(shard)


def test_custom_prefix_and_invalid_prefixes(store: ObjectStore) -> None:
    obj = store.put(io.BytesIO(b"x"), prefix="thumb_v2-x")
    assert obj.key.startswith("thumb_v2-x/")
    assert read_all(store, obj.key) == b"x"
    for bad in ["", "../x", "a/b", "Objects", ".tmp", "x y"]:
        with pytest.raises(ValueError):
            store.put(io.BytesIO(b"x"), prefix=bad)
    assert list(store.iter_keys()) == [obj.key]


# --- ranges ---------------------------------------------------------------------------------------
# Semantics (identical on both backends): start/end inclusive; an end past the
# last byte is clamped; a start at/after the size is InvalidRange (HTTP 416),
# except the whole-object read (0, None) which also serves empty objects.


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, None, slice(0, 1000)),
        (0, 0, slice(0, 1)),
        (999, 999, slice(999, 1000)),
        (10, 19, slice(10, 20)),
        (500, None, slice(500, 1000)),
        (990, 5000, slice(990, 1000)),
        (0, 10**12, slice(0, 1000)),
    ],
)
def test_ranges(store: ObjectStore, start: int, end: int | None, expected: slice) -> None:
    data = payload(1000, seed=3)
    key = store.put(io.BytesIO(data)).key
    assert read_all(store, key, start=start, end=end) == data[expected]


def test_range_across_part_boundaries(store: ObjectStore) -> None:
    data = payload(BIG, seed=4)
    key = store.put(io.BytesIO(data)).key
    start, end = PART - 5, 2 * PART + 5
    assert read_all(store, key, start=start, end=end) == data[start : end + 1]


@pytest.mark.parametrize(
    ("size", "start", "end"),
    [(1000, 1000, None), (1000, 1000, 1005), (1000, 5000, None), (0, 0, 0), (0, 1, None)],
)
def test_unsatisfiable_ranges(store: ObjectStore, size: int, start: int, end: int | None) -> None:
    key = store.put(io.BytesIO(payload(size))).key
    with pytest.raises(InvalidRange):
        store.open(key, start=start, end=end)


@pytest.mark.parametrize(("start", "end"), [(-1, None), (5, 4)])
def test_malformed_ranges(store: ObjectStore, start: int, end: int | None) -> None:
    key = store.put(io.BytesIO(b"0123456789")).key
    with pytest.raises(InvalidRange):
        store.open(key, start=start, end=end)


def test_empty_object_whole_read(store: ObjectStore) -> None:
    key = store.put(io.BytesIO(b"")).key
    assert read_all(store, key) == b""


# --- stat / delete / missing / invalid keys -------------------------------------------------------


def test_delete_is_idempotent(store: ObjectStore) -> None:
    keep = store.put(io.BytesIO(b"keep")).key
    gone = store.put(io.BytesIO(b"gone")).key
    store.delete(gone)
    with pytest.raises(ObjectNotFound):
        store.stat(gone)
    with pytest.raises(ObjectNotFound):
        store.open(gone)
    store.delete(gone)
    assert list(store.iter_keys()) == [keep]
    assert read_all(store, keep) == b"keep"


def test_missing_key(store: ObjectStore) -> None:
    missing = f"objects/ab/ab{uuid.uuid4().hex[2:]}"
    with pytest.raises(ObjectNotFound):
        store.stat(missing)
    with pytest.raises(ObjectNotFound):  # raised by open() itself, not on first next()
        store.open(missing)
    store.delete(missing)


BAD_KEYS = [
    "",
    "../etc/passwd",
    "/etc/passwd",
    "objects/../../etc/passwd",
    "objects/ab/../../../etc/passwd",
    "objects/ab/" + "0" * 31,
    "objects/ab/" + "g" * 32,
    "objects/AB/" + "a" * 32,
    "objects/ab/" + "a" * 32 + "\n",
    "objects/ab/" + "a" * 32 + "/x",
    "/objects/ab/" + "a" * 32,
    "objects//" + "a" * 32,
    ".tmp/ab/" + "a" * 32,
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_invalid_keys_are_rejected(store: ObjectStore, key: str) -> None:
    for call in (store.stat, store.open, store.delete):
        with pytest.raises(InvalidKey):
            call(key)


def test_invalid_key_is_both_storage_and_value_error() -> None:
    assert issubclass(InvalidKey, StorageError) and issubclass(InvalidKey, ValueError)


# --- failures leave nothing behind ----------------------------------------------------------------


def test_max_size_exactly_reached_is_accepted(store: ObjectStore) -> None:
    obj = store.put(io.BytesIO(b"12345"), max_size=5)
    assert obj.size == 5


@pytest.mark.parametrize(("size", "limit"), [(11, 10), (1, 0), (BIG, 2 * PART + 1)])
def test_max_size_exceeded(store: ObjectStore, size: int, limit: int) -> None:
    kept = store.put(io.BytesIO(b"kept")).key
    before, threads = list(store.iter_keys()), threading.active_count()
    with pytest.raises(ObjectTooLarge) as err:
        store.put(io.BytesIO(payload(size)), max_size=limit)
    assert err.value.limit == limit
    assert_nothing_left(store, before, threads)
    with pytest.raises(ObjectTooLarge):  # same with an iterable source
        store.put(iter([payload(size)]), max_size=limit)
    assert_nothing_left(store, before, threads)
    assert read_all(store, kept) == b"kept"


@pytest.mark.parametrize("good", [10, 2 * PART + 7])  # fails in the 1st part, or the 3rd
def test_source_failing_mid_stream_leaves_nothing(store: ObjectStore, good: int) -> None:
    before, threads = list(store.iter_keys()), threading.active_count()
    with pytest.raises(Boom):
        store.put(failing_chunks(good))
    assert_nothing_left(store, before, threads)
    with pytest.raises(Boom):
        store.put(FailingReader(good))  # type: ignore[arg-type]
    assert_nothing_left(store, before, threads)


@pytest.mark.parametrize("parallel", [1, 3])
@pytest.mark.parametrize("failure", ["too_large", "source"])
def test_s3_failure_cleanup_serial_and_parallel(
    s3_server: S3Server, parallel: int, failure: str
) -> None:
    # minio aborts by itself when uploading serially; with a thread pool the
    # store cuts the stream short instead and deletes the truncated object.
    with fresh_s3_store(s3_server, parallel) as store:
        threads = threading.active_count()
        with pytest.raises(ObjectTooLarge if failure == "too_large" else Boom):
            if failure == "too_large":
                store.put(io.BytesIO(payload(BIG)), max_size=2 * PART + 2)
            else:
                store.put(failing_chunks(2 * PART + 2))
        assert_nothing_left(store, [], threads)


def test_s3_discard_aborts_pending_uploads(s3_server: S3Server) -> None:
    # The safety net behind minio's own abort (which may fail or race).
    with fresh_s3_store(s3_server) as store:
        key = f"objects/ab/ab{uuid.uuid4().hex[2:]}"
        store._client._create_multipart_upload(store.bucket, key, {})
        assert len(store._client._list_multipart_uploads(store.bucket).uploads) == 1
        store._discard(key)
        assert_nothing_left(store, [], threading.active_count())


def test_negative_max_size_is_rejected(store: ObjectStore) -> None:
    with pytest.raises(ValueError):
        store.put(io.BytesIO(b"x"), max_size=-1)
    assert list(store.iter_keys()) == []


# --- pending objects: written while they arrive, readable only once completed --------------------


def _invisible(store: ObjectStore, key: str) -> None:
    with pytest.raises(ObjectNotFound):
        store.stat(key)
    with pytest.raises(ObjectNotFound):
        read_all(store, key)
    assert key not in set(store.iter_keys())


@pytest.mark.parametrize("size", [0, 100, PART, BIG])
def test_pending_object_is_invisible_until_completed(store: ObjectStore, size: int) -> None:
    data = payload(size, seed=7)
    pending = store.begin(prefix="documents")
    for start in range(0, size, 300_001):  # odd chunks across part boundaries
        pending.write(data[start : start + 300_001])
        _invisible(store, pending.key)
    obj = pending.complete()
    assert (obj.key, obj.size) == (pending.key, size)
    assert obj.sha256 == hashlib.sha256(data).hexdigest()
    assert obj.key.startswith("documents/")
    assert read_all(store, obj.key) == data
    pending.abort()  # after completion: nothing happens
    assert read_all(store, obj.key) == data
    assert_nothing_left(store, [obj.key], threading.active_count())


@pytest.mark.parametrize("size", [100, BIG])
def test_aborted_pending_object_leaves_nothing(store: ObjectStore, size: int) -> None:
    before, threads = list(store.iter_keys()), threading.active_count()
    pending = store.begin()
    pending.write(payload(size))
    if isinstance(store, S3ObjectStore) and size > PART:
        # the parts really are in the store, as an upload S3 does not serve
        assert len(store._client._list_multipart_uploads(store.bucket).uploads) == 1
    pending.abort()
    pending.abort()
    _invisible(store, pending.key)
    assert_nothing_left(store, before, threads)


def test_pending_object_enforces_max_size(store: ObjectStore) -> None:
    before, threads = list(store.iter_keys()), threading.active_count()
    pending = store.begin(max_size=PART + 1)
    pending.write(payload(PART))
    with pytest.raises(ObjectTooLarge):
        pending.write(b"xy")
    pending.abort()
    assert_nothing_left(store, before, threads)


def test_s3_pending_part_refused_fails_the_completion(s3_server: S3Server) -> None:
    with fresh_s3_store(s3_server) as store:
        pending = store.begin()
        pending.write(payload(PART))
        store._client.remove_bucket(store.bucket)  # every later call fails
        with pytest.raises(StorageError):
            pending.write(payload(PART))
            pending.complete()
        store.ensure_bucket()  # for the fixture's own clean-up


# --- listing, streams, health ---------------------------------------------------------------------


def test_iter_keys_lists_what_was_put(store: ObjectStore) -> None:
    assert list(store.iter_keys()) == []
    keys = {store.put(io.BytesIO(bytes([i]))).key for i in range(5)}
    thumb = store.put(io.BytesIO(b"t"), prefix="thumbs").key
    assert set(store.iter_keys()) == keys | {thumb}
    assert list(store.iter_keys("thumbs/")) == [thumb]
    assert set(store.iter_keys("objects/")) == keys
    one = sorted(keys)[0]
    assert list(store.iter_keys(one)) == [one]


def test_streams_release_their_file_or_connection(store: ObjectStore) -> None:
    key = store.put(io.BytesIO(payload(300_000))).key
    proc = psutil.Process()
    read_all(store, key)  # warm the connection pool
    before = proc.num_fds()
    for _ in range(15):
        store.open(key).close()  # never iterated
        stream = store.open(key, start=1)
        next(stream)
        stream.close()  # abandoned half way
        assert next(stream, None) is None  # closed streams stay closed
        read_all(store, key)  # exhausted
    # A leak would add at least one descriptor per iteration; pools may keep a couple.
    assert proc.num_fds() - before <= 2


def test_ping(store: ObjectStore) -> None:
    store.ping()


def test_local_ignores_tmp_and_cleans_up(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    stray = tmp_path / ".tmp" / "put-crashed"
    stray.write_bytes(b"left by a crash")
    key = store.put(io.BytesIO(b"x")).key
    assert list(store.iter_keys()) == [key]
    assert os.listdir(tmp_path / ".tmp") == ["put-crashed"]
    assert (tmp_path / key).read_bytes() == b"x"


# --- S3 authentication ----------------------------------------------------------------------------


def test_wrong_secret_is_refused(s3_server: S3Server) -> None:
    good = S3ObjectStore(s3_server.client(), f"auth-{uuid.uuid4().hex[:12]}")
    good.ensure_bucket()
    bad = S3ObjectStore(s3_server.client(secret_key=s3_server.secret_key + "x"), good.bucket)
    with pytest.raises(StorageError, match=r"SignatureDoesNotMatch|AccessDenied"):
        bad.ping()
    with pytest.raises(StorageError, match=r"SignatureDoesNotMatch|AccessDenied"):
        bad.put(io.BytesIO(b"intruder"))
    with pytest.raises(StorageError):
        list(bad.iter_keys())
    key = good.put(io.BytesIO(b"mine")).key
    with pytest.raises(StorageError):
        bad.open(key)
    assert list(good.iter_keys()) == [key]  # the refused put stored nothing
    good.ping()


def test_ping_fails_for_missing_bucket(s3_server: S3Server) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        S3ObjectStore(s3_server.client(), "never-created-bucket").ping()


def test_ping_fails_when_server_is_unreachable(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StorageError):
        store_from_url(f"s3://a:b@127.0.0.1:{port}/bucket")


# --- store_from_url -------------------------------------------------------------------------------


def test_store_from_url_relative_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = store_from_url("file://./data/objects")
    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "data" / "objects"
    assert store.root.is_dir()
    key = store.put(io.BytesIO(b"x")).key
    assert (tmp_path / "data" / "objects" / key).read_bytes() == b"x"


def test_store_from_url_absolute_file(tmp_path: Path) -> None:
    store = store_from_url(f"file://{tmp_path}/abs/objects")
    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "abs" / "objects"
    assert store.root.is_dir()


def test_store_from_url_s3(s3_server: S3Server) -> None:
    bucket = f"url-{uuid.uuid4().hex[:12]}"
    # The secret contains '/', '+' and '=': url() percent-encodes them.
    assert "%2F" in s3_server.url(bucket)
    store = store_from_url(s3_server.url(bucket))
    assert isinstance(store, S3ObjectStore)
    assert s3_server.client().bucket_exists(bucket)  # ensure_bucket() ran
    key = store.put(io.BytesIO(b"via url")).key
    assert read_all(store, key) == b"via url"
    store_from_url(s3_server.url(bucket))  # existing bucket is fine
    with pytest.raises(StorageError):
        store_from_url(s3_server.url(bucket, secret_key="wrong"))


def test_store_from_url_secure_flag_is_honoured(s3_server: S3Server) -> None:
    # The server speaks plain HTTP, so a TLS client must fail to connect.
    with pytest.raises(StorageError):
        store_from_url(s3_server.url("tls-bucket") + "?secure=true")
    store_from_url(s3_server.url("plain-bucket") + "?secure=false").ping()


@pytest.mark.parametrize(
    "url",
    [
        "",
        "objects",
        "ftp://host/x",
        "file://",
        "file://relative/dir",
        "file://./x?y=1",
        "s3://host:9000/bucket",
        "s3://ak:sk@host/bucket",
        "s3://ak:sk@host:9000",
        "s3://ak:sk@host:9000/",
        "s3://ak:sk@host:9000/bucket/sub",
        "s3://ak:sk@host:notaport/bucket",
        "s3://ak:sk@host:9000/bucket?secure=maybe",
        "s3://ak:sk@host:9000/bucket?colour=blue",
    ],
)
def test_store_from_url_rejects_garbage(url: str) -> None:
    with pytest.raises(ValueError) as err:
        store_from_url(url)
    assert "sk@" not in str(err.value)  # secrets are redacted from messages
