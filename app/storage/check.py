"""`kyhop storage check`: reconcile the object store with the rows that reference it.

Objects are written before their rows and deleted when a row is not committed, so the two
should always agree; a crash between the two steps is what this finds, and so are the partial
uploads an outage of the store leaves behind (S3 multipart parts, local temp files)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from app.storage.base import ObjectNotFound, ObjectStore


@dataclass
class StorageReport:
    objects: int = 0
    referenced: int = 0
    orphans: list[str] = field(default_factory=list)  # objects no row refers to
    missing: list[str] = field(default_factory=list)  # rows whose object is gone
    incomplete: list[str] = field(default_factory=list)  # partial uploads of a failed put

    @property
    def ok(self) -> bool:
        return not self.orphans and not self.missing and not self.incomplete


def reconcile(
    store: ObjectStore, referenced_keys: Iterable[str], stale_after: timedelta
) -> StorageReport:
    wanted = set(referenced_keys)
    present = set(store.iter_keys())
    report = StorageReport(objects=len(present), referenced=len(wanted))
    report.orphans = sorted(present - wanted)
    report.missing = sorted(wanted - present)
    report.incomplete = list(store.iter_incomplete(stale_after))
    return report


def discard_stale_uploads(store: ObjectStore, older_than: timedelta) -> int:
    """What the worker runs: partial uploads older than any upload still in flight."""
    stale = list(store.iter_incomplete(older_than))
    for name in stale:
        store.discard_incomplete(name)
    return len(stale)


def delete_orphans(store: ObjectStore, report: StorageReport) -> int:
    """Remove the objects no row refers to and the partial uploads; returns how many."""
    removed = 0
    for key in report.orphans:
        try:
            store.delete(key)
            removed += 1
        except ObjectNotFound:
            continue
    for name in report.incomplete:
        store.discard_incomplete(name)
        removed += 1
    return removed
