"""When a stored robots.txt may stand in for a fetch (the sweep tests show it reused and obeyed)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crawler.robots import reusable
from store.models import RobotsCopy

NOW = datetime(2026, 11, 23, 12, 0)
DAY = timedelta(hours=24)


@pytest.mark.parametrize(
    ("age", "max_age", "expected"),
    [
        (timedelta(hours=23), DAY, True),
        (timedelta(hours=24), DAY, False),
        (timedelta(minutes=5), timedelta(hours=1), True),
        (timedelta(hours=2), timedelta(hours=1), False),
        (timedelta(hours=-1), DAY, False),  # fetched "in the future": the clock moved, ask again
    ],
)
def test_a_copy_is_reused_only_while_younger_than_the_limit(age: timedelta, max_age: timedelta, expected: bool) -> None:
    assert reusable(RobotsCopy(b"User-agent: *\n", NOW - age), NOW, max_age) is expected


def test_without_a_copy_robots_txt_is_fetched() -> None:
    assert not reusable(None, NOW, DAY)
