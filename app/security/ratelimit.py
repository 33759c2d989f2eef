"""Fixed-window failure counters and timed blocks: in-process for a single worker, Redis when
several processes must share them (KYHOP_REDIS_URL)."""

from __future__ import annotations

import threading
import time
from typing import Protocol

import redis


class RateLimiter(Protocol):
    def count(self, key: str) -> int: ...
    def hit(self, key: str) -> int: ...
    def reset(self, key: str) -> None: ...
    def block(self, key: str, seconds: float) -> None:
        """Refuse `key` for `seconds` from now (a backoff step)."""
        ...

    def blocked(self, key: str) -> float:
        """Seconds `key` stays refused; 0 when it is free."""
        ...


class MemoryRateLimiter:
    def __init__(self, window_seconds: int) -> None:
        self.window = window_seconds
        self._hits: dict[str, tuple[float, int]] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def _current(self, key: str, now: float) -> tuple[float, int]:
        started, n = self._hits.get(key, (now, 0))
        return (now, 0) if now - started >= self.window else (started, n)

    def count(self, key: str) -> int:
        with self._lock:
            return self._current(key, time.monotonic())[1]

    def hit(self, key: str) -> int:
        with self._lock:
            now = time.monotonic()
            started, n = self._current(key, now)
            self._hits[key] = (started, n + 1)
            return n + 1

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)
            self._until.pop(key, None)

    def block(self, key: str, seconds: float) -> None:
        with self._lock:
            self._until[key] = time.monotonic() + seconds

    def blocked(self, key: str) -> float:
        with self._lock:
            return max(self._until.get(key, 0.0) - time.monotonic(), 0.0)


class RedisRateLimiter:
    def __init__(self, client: redis.Redis, window_seconds: int, prefix: str = "kyhop:rl:") -> None:
        self.client = client
        self.window = window_seconds
        self.prefix = prefix

    def count(self, key: str) -> int:
        value = self.client.get(self.prefix + key)
        return int(value) if value is not None else 0  # type: ignore[arg-type]

    def hit(self, key: str) -> int:
        pipe = self.client.pipeline()
        pipe.incr(self.prefix + key)
        pipe.expire(self.prefix + key, self.window, nx=True)
        n, _ = pipe.execute()
        return int(n)

    def reset(self, key: str) -> None:
        self.client.delete(self.prefix + key, self.prefix + key + ":blocked")

    def block(self, key: str, seconds: float) -> None:
        self.client.set(self.prefix + key + ":blocked", 1, px=max(int(seconds * 1000), 1))

    def blocked(self, key: str) -> float:
        left = self.client.pttl(self.prefix + key + ":blocked")
        return max(int(left), 0) / 1000  # type: ignore[arg-type]


def make_rate_limiter(redis_url: str, window_seconds: int) -> RateLimiter:
    if redis_url:
        return RedisRateLimiter(redis.Redis.from_url(redis_url), window_seconds)
    return MemoryRateLimiter(window_seconds)
