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


def _summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"median": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1]}


def latencies_ms(call: Callable[[Any], Any], inputs: list[Any]) -> dict[str, float]:
    samples = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - start) * 1000)
    return _summary(samples)


def paired_latencies_ms(
    calls: dict[str, Callable[[Any], Any]], inputs: list[Any]
) -> dict[str, dict[str, float]]:
    """Each call on the same inputs, interleaved (the order turning every input), so that a cache warmed
    by one and a load that drifts during the run fall on both sides alike."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    names = list(calls)
    for i, item in enumerate(inputs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            calls[name](item)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: _summary(values) for name, values in samples.items()}


def line(name: str, figure: str, ratio: str = "") -> None:
    print(f"{name:<58} {figure:>22}  {ratio}", flush=True)


def python_speed_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop: how fast this machine ran Python just now. A shared
    virtual machine's speed drifts by half within minutes, so CPU figures from two runs compare only
    against this (between about 400 and 700 ms on the 2-core machines seen here, Python 3.12)."""
    start, total = time.process_time(), 0
    for i in range(10_000_000):
        total += i
    return (time.process_time() - start) * 1000
