"""Server-Sent Events from the live hub: the state now, then after every change, with a
comment line while nothing changes so that proxies keep the connection open."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi.responses import StreamingResponse

from app.live.hub import LiveHub

KEEPALIVE_SECONDS = 15.0


def stream(hub: LiveHub, topic: str, key: int) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        subscription = hub.subscribe(topic, key)
        seq = 0
        pending: Any = None
        try:
            while True:
                pending = pending or asyncio.ensure_future(subscription.__anext__())
                done, _ = await asyncio.wait({pending}, timeout=KEEPALIVE_SECONDS)
                if not done:
                    yield ": keep-alive\n\n"  # proxies close silent connections
                    continue
                data, pending, seq = pending.result(), None, seq + 1
                yield f"id: {seq}\nevent: {topic}\ndata: {data}\n\n"
        finally:
            # a screen that closes or navigates away: the waiting step must have stopped
            # before the subscription can be closed, or the generator is "already running"
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                    await pending
            await subscription.aclose()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
