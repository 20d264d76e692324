"""`redislab serve` vs redis-server under redis-benchmark, side by side.

    python benchmarks/bench_server.py [-n 100000] [-c 50] [--tests get,set] [--pipelines 1,16]

Starts `python -m redislab serve` and Debian's redis-server (no persistence) on free
loopback ports, runs `redis-benchmark -q -c C -n N -t TESTS -P P` against each for
every pipeline depth, and prints requests/s and the ratio redislab / redis-server.
Both servers and redis-benchmark share this machine's CPUs, so compare ratios, not
absolute numbers, across machines.

Noise, and what is done about it: on a shared 2-core machine one run's ratio moved
by +-25 % from minute to minute. So each depth runs ``--rounds`` times (default 3),
the two servers taking turns, and the table shows the median of each column and
the range of the per-round ratios. With ``taskset`` available and 2+ CPUs, each
server is pinned to the last CPU and redis-benchmark to the first (``--no-pin``
turns it off): both servers get the same treatment, and neither competes with the
load generator for a core.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


# CPU pinning: (server prefix, load generator prefix); empty when not pinning.
PIN: tuple = ((), ())


def pinning(enabled: bool) -> tuple:
    cpus = os.cpu_count() or 1
    if not enabled or cpus < 2 or shutil.which("taskset") is None:
        return (), ()
    return ("taskset", "-c", str(cpus - 1)), ("taskset", "-c", "0")


def start_redislab(port: int, workdir: str) -> subprocess.Popen:
    # Configured as redis-server is below: no save points, a scratch directory.
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([*PIN[0], sys.executable, "-m", "redislab", "serve", "--port", str(port),
                             "--save", "", "--dir", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def start_redis(port: int, workdir: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*PIN[0], "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir, "--protected-mode", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_benchmark(port: int, n: int, clients: int, tests: str, pipeline: int) -> dict[str, float]:
    out = subprocess.run(
        [*PIN[1], "redis-benchmark", "-p", str(port), "-q", "-c", str(clients), "-n", str(n),
         "-t", tests, "-P", str(pipeline)],
        capture_output=True, text=True, timeout=600).stdout
    # -q prints progress lines separated by CR; the final line per test is
    # "SET: 12345.67 requests per second, p50=..."
    rates = {}
    for line in out.replace("\r", "\n").splitlines():
        m = re.match(r"\s*([A-Z_]+): ([0-9.]+) requests per second", line)
        if m:
            rates[m.group(1)] = float(m.group(2))
    return rates


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100_000, help="requests per test at -P 1")
    ap.add_argument("-c", type=int, default=50, help="parallel connections")
    ap.add_argument("--tests", default="get,set")
    ap.add_argument("--pipelines", default="1,16")
    ap.add_argument("--scale", type=int, default=20,
                    help="multiply -n by this at -P > 1 so each run lasts long enough to measure")
    ap.add_argument("--rounds", type=int, default=3, help="runs per depth, the servers taking turns")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the processes to CPUs")
    args = ap.parse_args()
    global PIN
    PIN = pinning(not args.no_pin)
    for tool in ("redis-server", "redis-benchmark"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    workdir = tempfile.mkdtemp(prefix="redislab-bench-")
    lab_port, redis_port = free_port(), free_port()
    lab, real = start_redislab(lab_port, workdir), start_redis(redis_port, workdir)
    rows = []
    try:
        wait_ready(lab_port, lab)
        wait_ready(redis_port, real)
        for p in (int(x) for x in args.pipelines.split(",")):
            n = args.n * (args.scale if p > 1 else 1)
            runs = []
            for r in range(max(1, args.rounds)):
                # Alternate who goes first, so a slow spell does not always hit one side.
                if r % 2 == 0:
                    mine = run_benchmark(lab_port, n, args.c, args.tests, p)
                    theirs = run_benchmark(redis_port, n, args.c, args.tests, p)
                else:
                    theirs = run_benchmark(redis_port, n, args.c, args.tests, p)
                    mine = run_benchmark(lab_port, n, args.c, args.tests, p)
                runs.append((mine, theirs))
            for test in sorted(runs[0][1]):
                m = [mine.get(test, 0.0) for mine, _ in runs]
                t = [theirs.get(test, 0.0) for _, theirs in runs]
                ratios = [a / b if b else 0.0 for a, b in zip(m, t)]
                rows.append((test, p, n, median(m), median(t), median(ratios), min(ratios), max(ratios)))
    finally:
        stop(lab)
        stop(real)
        shutil.rmtree(workdir, ignore_errors=True)
    pin = "servers on cpu %s, redis-benchmark on cpu 0" % PIN[0][-1] if PIN[0] else "not pinned"
    print(f"redis-benchmark -q -c {args.c} -t {args.tests}   (cpus: {os.cpu_count()}, {pin}, "
          f"median of {max(1, args.rounds)} rounds)")
    print(f"{'test':<6} {'-P':>3} {'-n':>8} {'redislab rps':>14} {'redis-server rps':>17} {'ratio':>7}  range")
    for test, p, n, mine, theirs, ratio, lo, hi in rows:
        print(f"{test:<6} {p:>3} {n:>8} {mine:>14,.0f} {theirs:>17,.0f} {ratio:>7.2f}  {lo:.2f}-{hi:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
