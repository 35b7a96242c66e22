"""Does the JSON API keep up with many readers? 50 concurrent clients on loopback.

Builds a store from the bundle in a temporary folder, starts `zonemetrics serve` on
127.0.0.1 (a free port) in a subprocess, asks each endpoint once (the app keeps an answer
once computed, per store state), then for a fixed time runs N concurrent clients that
cycle through the zone, table and ranking endpoints. Prints requests per second, p50/p99
latency and errors, and the same for a static file served by the same process in the
same run (the baseline: what the server costs with no ledger work at all), with their
ratio.

The clients are wrk (Debian's `wrk`, a C load generator that costs the machine little)
when it is installed, else Python clients on httpx in one process, which spend more CPU
than the server on a small machine and so report a pessimistic latency.

Target: p99 under 50 ms and zero errors. On a shared machine print `uptime` beside it:
under a load above the core count the baseline's p99 rises by the same scheduling delay.

    python benchmarks/api_latency.py                    # 50 clients, 20 s
    python benchmarks/api_latency.py --clients 10 --seconds 5 --client httpx
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
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


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(base: str, paths: tuple[str, ...], clients: int, seconds: float) -> dict:
    """The same load from wrk: `clients` connections over two threads, cycling `paths`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        command = ["wrk", "-t2", f"-c{clients}", f"-d{max(int(seconds), 1)}s", "--latency"]
        output = subprocess.run(
            [*command, "-s", script.name, base], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNIT_MS[unit]

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--client", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx",
        help="the load generator (wrk when installed)",
    )  # fmt: skip
    args = parser.parse_args()

    def run_load(paths: tuple[str, ...], seconds: float) -> dict:
        if args.client == "wrk":
            return wrk_load(base, paths, args.clients, seconds)
        return asyncio.run(load(base, paths, args.clients, seconds))

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
            # the first answer is computed, later ones are kept; the index page waits for
            # the uncertainty runs `serve` starts with, so they do not run during the load
            for path in (*LEDGER_PATHS, "/index"):
                httpx.get(base + path, timeout=600).raise_for_status()
            baseline = run_load(BASELINE_PATHS, args.seconds / 2)
            ledger = run_load(LEDGER_PATHS, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load_average = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.clients} clients ({args.client}) on loopback, {args.seconds:g} s; "
          f"load average {load_average} on {os.cpu_count()} cores")  # fmt: skip
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
