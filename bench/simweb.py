"""How fast simweb starts and serves: it must never be what limits the crawl benchmark.

Measures start-up time and resident memory for every LAO in the seed list (7,850 sites), then the
requests per second the server (one event loop, so one core) sustains under keep-alive load from
client processes: HTML pages (home, listings, details) and already-rendered documents of many sites,
the mix a crawl sends. The server runs in this process; the load comes from others.

    python -m bench.simweb            # 7,850 sites, 10 s of load
    python -m bench.simweb --seconds 30 --clients 2 --connections 32
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from simweb import SimWeb
from simweb.laos import default_laos

WARM_SITES = 80


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def target_urls(web: SimWeb, sites: int, seed: int) -> list[str]:
    """Pages and documents of ``sites`` healthy sites; documents rendered beforehand (cache warm)."""
    rng = random.Random(seed)
    urls: list[str] = []
    healthy = [i for i, s in enumerate(web.sites) if not s.faults and not web.world.is_down(i)]
    for index in rng.sample(healthy, min(sites, len(healthy))):
        plan = web.world.plan(index)
        urls.append(plan.spec.home_url)
        urls += [plan.url(plan.listing_path(s)) for s in ("news", "procurement", "allowance")]
        for doc in plan.live_docs:
            if doc.fmt == "html":
                urls.append(plan.doc_url(doc))
            elif doc.fmt in ("pdf", "xlsx", "docx", "csv", "xls"):
                web.world.document_bytes(plan, doc)
                urls.append(plan.doc_url(doc))
    rng.shuffle(urls)
    return urls


async def _connection(port: int, urls: list[str], deadline: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = 0
    while time.monotonic() < deadline:
        url = urls[index % len(urls)]
        index += 1
        writer.write(f"GET {url} HTTP/1.1\r\nHost: {urlsplit(url).hostname}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
        await reader.readexactly(length)
        counts[0] += 1
    writer.close()


def _client(
    port: int, urls: list[str], seconds: float, connections: int, offset: int, out: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    async def run() -> int:
        counts = [0]
        deadline = time.monotonic() + seconds
        share = [
            urls[(offset + k * 7919) % len(urls) :] + urls[: (offset + k * 7919) % len(urls)]
            for k in range(connections)
        ]
        await asyncio.gather(*(_connection(port, share[k], deadline, counts) for k in range(connections)))
        return counts[0]

    out.put(asyncio.run(run()))


def load(port: int, urls: list[str], *, seconds: float, clients: int, connections: int) -> float:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    procs = [
        multiprocessing.Process(target=_client, args=(port, urls, seconds, connections, n * 997, queue))
        for n in range(clients)
    ]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    total = sum(queue.get() for _ in procs)
    for proc in procs:
        proc.join()
    return total / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, default=7850)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=1, help="load-generating processes")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections per client")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory(prefix="bench-simweb-") as cache:
        started = time.perf_counter()
        laos = default_laos(args.sites)
        web = SimWeb(laos, sites=args.sites, seed=args.seed, cache_dir=Path(cache)).start()
        startup = time.perf_counter() - started
        start_rss = rss_mb()
        print(
            f"start-up: {len(web.sites)} sites in {startup:.2f} s; "
            f"RSS {start_rss:.0f} MB ({base_rss:.0f} MB before)"
        )
        urls = target_urls(web, WARM_SITES, args.seed)
        print(
            f"load: {len(urls)} URLs of {WARM_SITES} sites, {args.clients} client process(es) x "
            f"{args.connections} keep-alive connections, {args.seconds:.0f} s"
        )
        rps = load(web.port, urls, seconds=args.seconds, clients=args.clients, connections=args.connections)
        end_rss = rss_mb()
        print(f"served {rps:.0f} requests/s on one event loop; RSS after load {end_rss:.0f} MB")
        web.stop()
    print(
        f"RESULT sites={len(web.sites)} rps={rps:.0f} startup_s={startup:.2f} rss_mb={start_rss:.0f} "
        f"rss_after_load_mb={end_rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
