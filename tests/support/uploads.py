"""A document upload as a browser on a slow link sends it: the multipart body built by hand and
cut into pieces, sent with pauses between them (tests and benchmarks alike)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path


def multipart(pdf: Path, title: str, pieces: int) -> tuple[str, list[bytes]]:
    """(Content-Type, body in about `pieces` pieces) of a new internal document's upload."""
    boundary = f"kyhop{secrets.token_hex(8)}"
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("title", title), ("classification", "internal"))
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{pdf.name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    data = pdf.read_bytes()
    size = -(-len(data) // pieces)
    body = [head.encode() + data[:size]]
    body += [data[i : i + size] for i in range(size, len(data), size)]
    body[-1] += f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def trickle(pieces: list[bytes], seconds: float) -> Iterator[bytes]:
    """The pieces spread over `seconds`."""
    pause = seconds / len(pieces)
    for piece in pieces:
        yield piece
        time.sleep(pause)
