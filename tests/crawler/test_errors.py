"""A failed fetch is a typed record: the HTTP status travels as a number, never parsed from text."""

from __future__ import annotations

import pytest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.errors import FetchFailure, classify_failure


def _http(status: int) -> FetchFailure:
    response = Response("http://lao.example/doc.pdf", status=status, request=Request("http://lao.example/doc.pdf"))
    return classify_failure(Failure(HttpError(response, "ignored")))


@pytest.mark.parametrize(("status", "gone"), [(404, True), (410, True), (503, False), (403, False)])
def test_an_http_failure_carries_its_status(status: int, gone: bool) -> None:
    failure = _http(status)
    assert (failure.kind, failure.status, failure.gone) == ("http", status, gone)
    assert failure.reason == f"HTTP {status}"


def test_a_network_failure_has_no_status() -> None:
    failure = classify_failure(Failure(TimeoutError("slow")))
    assert failure.status is None and not failure.gone


def test_a_crawler_without_a_sweep_has_no_context() -> None:
    from types import SimpleNamespace

    from crawler.context import context_of
    from crawler.errors import SweepError

    with pytest.raises(SweepError, match="no SweepContext"):
        context_of(SimpleNamespace(spider=None))  # type: ignore[arg-type]
