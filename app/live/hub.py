"""One hub per worker process. A change is a (topic, key) pair, e.g. ("floor", meeting id).

Publishing is cheap and thread-safe (request threads call it after their commit): with Redis
it is one PUBLISH that every worker's listener receives; without, it stays in this process
(one worker). A worker recomputes the snapshot of a changed key once, however many changes
arrive meanwhile and however many screens watch it, and hands the newest snapshot to each
subscriber; a slow screen skips intermediate states rather than queueing them. A screen that
reconnects gets the current snapshot first, so it catches up with whatever it missed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator, Callable, Iterable
from typing import Any

import anyio.to_thread
from pydantic import BaseModel

log = logging.getLogger("kyhop.live")

CHANNEL = "kyhop:live"
Snapshot = Callable[[int], BaseModel]
Key = tuple[str, int]


class LiveHub:
    def __init__(self, snapshots: dict[str, Snapshot], redis_url: str = "") -> None:
        self._snapshots = snapshots
        self._redis_url = redis_url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: dict[Key, set[asyncio.Queue[str]]] = {}
        # the newest snapshot of each watched key: what a screen that connects gets first
        self._latest: dict[Key, asyncio.Future[str]] = {}
        self._dirty: set[Key] = set()
        self._refreshing: set[Key] = set()
        self._listener: asyncio.Task[None] | None = None
        self._publisher: Any = None

    # --- lifecycle (the app's lifespan) ----------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self._redis_url:
            import redis

            self._publisher = redis.Redis.from_url(self._redis_url)
            self._listener = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._publisher is not None:
            self._publisher.close()

    # --- publishing (any thread) -----------------------------------------------------------

    def publish(self, keys: Iterable[Key]) -> None:
        keys = list(keys)
        if self._publisher is not None:
            self._publisher.publish(CHANNEL, json.dumps(keys))
        elif self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._changed, keys)

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        while True:  # reconnect after Redis restarts; screens catch up from the snapshot
            try:
                client = aioredis.Redis.from_url(self._redis_url)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._changed([tuple(k) for k in json.loads(message["data"])])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("live: Redis listener lost, reconnecting", exc_info=True)
                await asyncio.sleep(1.0)
                self._changed(list(self._subscribers))  # whatever was missed: refresh all

    # --- fan-out (the event loop) ----------------------------------------------------------

    def _changed(self, keys: Iterable[Key]) -> None:
        for key in keys:
            key = (str(key[0]), int(key[1]))
            if key not in self._subscribers:
                continue
            self._dirty.add(key)
            if key not in self._refreshing:
                self._refreshing.add(key)
                asyncio.get_running_loop().create_task(self._refresh(key))

    async def _refresh(self, key: Key) -> None:
        try:
            while key in self._dirty and key in self._subscribers:
                self._dirty.discard(key)
                try:
                    data = await self._render(key)
                except Exception:
                    log.exception("live: snapshot of %s failed", key)
                    return
                self._latest[key] = _done(data)
                for queue in self._subscribers.get(key, ()):
                    _replace(queue, data)
        finally:
            self._refreshing.discard(key)

    async def _render(self, key: Key) -> str:
        topic, ident = key
        snapshot = await anyio.to_thread.run_sync(self._snapshots[topic], ident)
        return snapshot.model_dump_json()

    async def subscribe(self, topic: str, ident: int) -> AsyncGenerator[str]:
        """Snapshots of (topic, ident) as JSON: the current one at once, then each change."""
        key = (topic, ident)
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        self._subscribers.setdefault(key, set()).add(queue)
        try:
            if key not in self._latest:
                # a hall of screens connecting at once shares one rendering
                self._latest[key] = asyncio.ensure_future(self._render(key))
            current = self._latest[key]
            try:
                yield await asyncio.shield(current)
            except Exception:
                if self._latest.get(key) is current:
                    del self._latest[key]  # the next screen tries again
                raise
            while True:
                yield await queue.get()
        finally:
            subscribers = self._subscribers.get(key)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    # an unwatched key is not kept current, so its snapshot goes too
                    del self._subscribers[key]
                    self._latest.pop(key, None)

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())


def _replace(queue: asyncio.Queue[str], data: str) -> None:
    """Keep only the newest snapshot for a subscriber that has not read the previous one."""
    with contextlib.suppress(asyncio.QueueEmpty):
        queue.get_nowait()
    queue.put_nowait(data)


def _done(data: str) -> asyncio.Future[str]:
    future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    future.set_result(data)
    return future
