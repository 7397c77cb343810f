"""The portal's rate limit: N events per window per key, bounded memory."""

from __future__ import annotations

from portal.limits import RateLimit


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_quota_per_window_and_others_are_untouched() -> None:
    ticks = Ticks()
    limit = RateLimit(3, 60.0, clock=ticks)
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")
    assert limit.retry_after("a") == 60.0
    ticks.now = 59.9
    assert not limit.allow("a")
    ticks.now = 60.0
    assert limit.allow("a") and limit.retry_after("b") == 0.0


def test_many_keys_never_grow_the_table_past_its_bound() -> None:
    limit = RateLimit(1, 60.0, max_keys=100, clock=Ticks())
    for i in range(1000):
        limit.allow(f"client-{i}")
    assert len(limit._events) == 100
