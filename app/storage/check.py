"""`kyhop storage check`: reconcile the object store with the rows that reference it.

Objects are written before their rows and deleted when a row is not committed, so the two
should always agree; a crash between the two steps is what this finds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.storage.base import ObjectNotFound, ObjectStore


@dataclass
class StorageReport:
    objects: int = 0
    referenced: int = 0
    orphans: list[str] = field(default_factory=list)  # objects no row refers to
    missing: list[str] = field(default_factory=list)  # rows whose object is gone

    @property
    def ok(self) -> bool:
        return not self.orphans and not self.missing


def reconcile(store: ObjectStore, referenced_keys: Iterable[str]) -> StorageReport:
    wanted = set(referenced_keys)
    present = set(store.iter_keys())
    report = StorageReport(objects=len(present), referenced=len(wanted))
    report.orphans = sorted(present - wanted)
    report.missing = sorted(wanted - present)
    return report


def delete_orphans(store: ObjectStore, report: StorageReport) -> int:
    removed = 0
    for key in report.orphans:
        try:
            store.delete(key)
            removed += 1
        except ObjectNotFound:
            continue
    return removed
