"""``SimWeb``: the simulated web served from a background thread, for tests, benchmarks and the demo."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from seeds.model import Lao
from simweb.laos import default_laos
from simweb.model import Counters, SiteSpec
from simweb.server import TRUTH_PATH, Request, Response, SimServer
from simweb.world import Truth, World


class SimWeb:
    """``sites`` simulated LAO sites for ``seed`` on ``day``, served on 127.0.0.1 once started.

    ``laos`` defaults to the committed seed list (or the synthetic stand-in when it is missing);
    ``truth_key`` enables ``/__x4watch_truth__`` on every host (test and demo mode only);
    ``size="small"`` makes sites of about 8 documents (national crawl benchmarks); ``size="scanned"``
    normal sites whose printed documents are all scans (OCR benchmarks);
    ``services`` answers for more hosts than the LAO sites (the discovery sources of
    ``simweb.sources``).
    """

    def __init__(
        self,
        laos: Sequence[Lao] | None = None,
        *,
        sites: int,
        seed: int,
        day: int = 0,
        cache_dir: Path,
        port: int = 0,
        truth_key: bytes | None = None,
        size: str = "normal",
        services: Mapping[str, Callable[[Request], Response]] | None = None,
    ) -> None:
        self.world = World(
            laos if laos is not None else default_laos(sites),
            sites=sites,
            seed=seed,
            day=day,
            cache_dir=cache_dir,
            size=size,
        )
        self.server = SimServer(self.world, truth_key=truth_key, services=services)
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def warm(self, workers: int = 2) -> int:
        """Render every document into the disk cache before serving, in ``workers`` processes.

        A benchmark calls it so that its first sweep measures the crawler, not the simulated web
        generating files on the same cores. Call it before ``start()``: the workers are forked, and
        forking is only safe before the server's thread exists. Returns the documents rendered.
        """
        if self._thread is not None:
            raise RuntimeError("warm() must run before the server starts")
        indices = range(len(self.world.specs))
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=context, initializer=_adopt, initargs=(self.world,)
        ) as pool:
            return sum(pool.map(_render_site, indices, chunksize=64))

    @property
    def sites(self) -> list[SiteSpec]:
        return list(self.world.specs)

    @property
    def day(self) -> int:
        return self.world.day

    def set_day(self, day: int) -> None:
        """Move the web to another day (the next sweep's web) without restarting the server."""
        if self._loop is None:
            self.world.set_day(day)
            return
        done: concurrent.futures.Future[None] = concurrent.futures.Future()

        def apply() -> None:  # on the server's thread, between two requests
            self.world.set_day(day)
            done.set_result(None)

        self._loop.call_soon_threadsafe(apply)
        done.result(timeout=30)

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("SimWeb is not started: call start() or use it as a context manager")
        return self._port

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def truth_url(self) -> str:
        return f"{self.proxy_url}{TRUTH_PATH}"

    @property
    def counters(self) -> Counters:
        return self.server.counters

    def truth(self, key: bytes) -> Truth:
        return self.world.truth(key)

    def start(self) -> SimWeb:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._port = loop.run_until_complete(self.server.start(port=self._port))
            except BaseException as exc:  # handed to the caller's thread below
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.server.close())
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=run, name="simweb", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop = None
        self._thread = None

    def __enter__(self) -> SimWeb:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


_adopted: list[World] = []
"""The world a warm-up worker renders (handed over once, when the worker starts)."""


def _adopt(world: World) -> None:
    _adopted[:] = [world]


def _render_site(index: int) -> int:
    return _adopted[0].render_site(index)
