"""Does the JSON API keep up with many readers? 50 concurrent clients on loopback.

Builds a store from the bundle in a temporary folder, starts `zonemetrics serve` on
127.0.0.1 (a free port) in a subprocess, asks each endpoint once (the app keeps an answer
once computed), then for a fixed time runs N concurrent clients that cycle through the
zone, table and ranking endpoints. Prints requests per second, p50/p99 latency and
errors, and the same for a static file served by the same process in the same run (the
baseline: what the server costs with no ledger work at all), with their ratio.

Target: p99 under 50 ms and zero errors.

    python benchmarks/api_latency.py                    # 50 clients, 20 s
    python benchmarks/api_latency.py --clients 10 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from zonemetrics.bundle import build_fresh_store

TARGET_P99_MS = 50.0
LEDGER_PATHS = (
    "/api/zones/xiangjiang",
    "/api/tables/gdp?zones=xiangjiang,liangjiang,tianfu&years=2018-2023",
    "/api/rankings/gdp?year=2023",
)
BASELINE_PATHS = ("/static/app.js",)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, deadline_s: float = 120) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/static/app.js", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("the server did not come up")


async def load(base: str, paths: tuple[str, ...], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def one_client(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += 1
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

        began = time.monotonic()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "ledger.duckdb"
        store, _aside = build_fresh_store(store_path)
        store.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-c", "from zonemetrics.cli.main import main; main()"]
        command += ["--store", str(store_path), "serve", "--port", str(port)]
        server = subprocess.Popen(
            command, env=os.environ | {"PYTHONUNBUFFERED": "1"}, stdout=subprocess.DEVNULL
        )
        try:
            wait_until_up(base)
            for path in LEDGER_PATHS:  # the first answer is computed; later ones are kept
                httpx.get(base + path, timeout=300).raise_for_status()
            baseline = asyncio.run(load(base, BASELINE_PATHS, args.clients, args.seconds / 2))
            ledger = asyncio.run(load(base, LEDGER_PATHS, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.clients} clients on loopback, {args.seconds:g} s")
    for name, result in (("static file (baseline)", baseline), ("zone/table/ranking", ledger)):
        print(
            f"  {name:24} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.1f} ms  "
            f"p99 {result['p99_ms']:6.1f} ms  errors {result['errors']}  "
            f"({result['requests']} requests)"
        )
    ratio = ledger["p99_ms"] / baseline["p99_ms"] if baseline["p99_ms"] else float("nan")
    met = ledger["p99_ms"] < TARGET_P99_MS and ledger["errors"] == 0
    print(f"  p99 ratio ledger/baseline: {ratio:.2f}x")
    print(f"target p99 < {TARGET_P99_MS:g} ms, zero errors: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
