"""Small measuring helpers shared by the benchmarks."""

import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latencies_ms(call: Callable[[Any], Any], inputs: list[Any]) -> dict[str, float]:
    samples = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1]}


def line(name: str, figure: str, ratio: str = "") -> None:
    print(f"{name:<58} {figure:>22}  {ratio}", flush=True)
