from __future__ import annotations

import time
import uuid

import pytest
import redis

from app.security.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from app.security.service import backoff_seconds

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> RateLimiter:
    if request.param == "memory":
        return MemoryRateLimiter(window_seconds=60)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # a missing service fails the run, never skips
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}")
    return RedisRateLimiter(client, window_seconds=60, prefix=f"test:{uuid.uuid4().hex}:")


def test_counts_per_key_and_resets(limiter: RateLimiter) -> None:
    assert limiter.count("login:user:a") == 0
    assert [limiter.hit("login:user:a") for _ in range(3)] == [1, 2, 3]
    assert limiter.count("login:user:b") == 0
    limiter.reset("login:user:a")
    assert limiter.count("login:user:a") == 0


def test_window_expires() -> None:
    limiter = MemoryRateLimiter(window_seconds=0)
    limiter.hit("k")
    assert limiter.count("k") == 0


def test_redis_counter_is_shared_between_processes_and_expires() -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    one = RedisRateLimiter(redis.Redis.from_url(REDIS_URL), window_seconds=60, prefix=prefix)
    two = RedisRateLimiter(redis.Redis.from_url(REDIS_URL), window_seconds=60, prefix=prefix)
    one.hit("login:ip:1.2.3.4")
    two.hit("login:ip:1.2.3.4")
    assert one.count("login:ip:1.2.3.4") == 2
    assert 0 < one.client.ttl(prefix + "login:ip:1.2.3.4") <= 60


def test_a_block_lasts_its_time_and_a_reset_lifts_it(limiter: RateLimiter) -> None:
    assert limiter.blocked("login:user:a:ip:1") == 0
    limiter.block("login:user:a:ip:1", 0.3)
    assert 0 < limiter.blocked("login:user:a:ip:1") <= 0.3
    assert limiter.blocked("login:user:b:ip:1") == 0
    time.sleep(0.35)
    assert limiter.blocked("login:user:a:ip:1") == 0
    limiter.block("login:user:a:ip:1", 60)
    limiter.reset("login:user:a:ip:1")
    assert limiter.blocked("login:user:a:ip:1") == 0


def test_the_backoff_doubles_past_the_limit_up_to_the_window() -> None:
    waits = [backoff_seconds(n, 5, 900) for n in range(5, 16)]
    assert waits[:5] == [1, 2, 4, 8, 16] and waits[-1] == 900
