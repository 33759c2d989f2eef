"""Uploaded PDFs are inspected (parsed, pages counted, text extracted) in a throw-away process
with a memory ceiling and a deadline: a decompression bomb, a pathological object graph or a
parser bug costs that process, never the server. Processes come from a fork server that has
the PDF libraries loaded already, so each inspection starts in milliseconds."""

from __future__ import annotations

import multiprocessing
import resource
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from app import pdf

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["app.pdf"])  # PDFium and pikepdf loaded once
_STARTING = threading.Lock()
SECONDS = 60.0  # a 2 GB legitimate upload is inspected in a few seconds
MEMORY_BYTES = 1024 * 1024 * 1024
IMAGE_SECONDS = 20.0  # one page drawn


def _run(
    job: Callable[..., object], args: tuple[object, ...], memory_bytes: int, out: Connection
) -> None:
    # the heap, not the address space: the file itself may be mapped whole, legitimately
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    try:
        out.send(("ok", job(*args)))
    except pdf.PdfRejected as rejected:
        out.send(("rejected", (rejected.reason, rejected.detail)))
    except MemoryError:
        out.send(("rejected", ("too_complex", "memory ceiling reached")))
    except Exception as exc:  # a parser's own failure on a strange file: refused, not a 500
        out.send(("rejected", ("damaged", repr(exc)[:300])))
    finally:
        out.close()


@contextmanager
def _without_main() -> Iterator[None]:
    """multiprocessing would have each inspecting process re-import the program's main module
    (the whole CLI, a second or more); the inspection needs only what the fork server has."""
    with _STARTING:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def inspect_pdf(
    path: Path,
    *,
    max_pages: int,
    seconds: float = SECONDS,
    memory_bytes: int = MEMORY_BYTES,
) -> pdf.PdfInfo:
    """pdf.inspect_pdf within the limits; PdfRejected("too_complex") when it exceeds them."""
    info = _sandboxed(_inspect, (str(path), max_pages), seconds, memory_bytes)
    assert isinstance(info, pdf.PdfInfo)
    return info


def page_image(path: Path, *, last: bool = False, width: int = pdf.PREVIEW_WIDTH) -> bytes:
    """pdf.page_image within the limits: the file was checked on upload, but drawing runs
    more of PDFium than the checks did."""
    image = _sandboxed(_page_image, (str(path), last, width), IMAGE_SECONDS, MEMORY_BYTES)
    assert isinstance(image, bytes)
    return image


def _inspect(path: str, max_pages: int) -> pdf.PdfInfo:
    return pdf.inspect_pdf(Path(path), max_pages=max_pages)


def _page_image(path: str, last: bool, width: int) -> bytes:
    return pdf.page_image(Path(path), last=last, width=width)


def _sandboxed(
    job: Callable[..., object], args: tuple[object, ...], seconds: float, memory_bytes: int
) -> object:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    worker = _CONTEXT.Process(target=_run, args=(job, args, memory_bytes, sender), daemon=True)
    with _without_main():
        worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise pdf.PdfRejected("too_complex", f"not done within {seconds:.0f} s")
        try:
            kind, payload = receiver.recv()
        except EOFError as exc:  # the process died: a crash or the kernel's OOM killer
            raise pdf.PdfRejected("too_complex", "the sandboxed process died") from exc
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if kind == "rejected":
        raise pdf.PdfRejected(*payload)
    return payload
