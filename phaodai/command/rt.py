"""The effective reproduction number over sliding windows, after Cori et al. (2013, Am J Epidemiol 178:1505).

With daily incidence I_t and a discretised serial interval w_s, the infection pressure on day t is
Λ_t = Σ_s I_{t-s} w_s. Under a Gamma(a, b) prior on R (shape a, scale b), the posterior of R over the
window of τ days ending on t is Gamma(a + Σ I, scale 1 / (1/b + Σ Λ)) over that window; its mean and its
2.5 % and 97.5 % quantiles are shown. Windows with too few cases give no estimate rather than a wide,
misleading one.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

WILSON_HILFERTY_FROM = 50


@dataclass(frozen=True)
class RtParams:
    si_mean: float
    si_sd: float
    window: int = 7
    prior_shape: float = 1.0
    prior_scale: float = 5.0
    min_cases: int = 12


@dataclass(frozen=True)
class RtPoint:
    day: dt.date
    mean: float
    low: float
    high: float
    cases: int


def _lower_regularized_gamma(shape: float, x: float) -> float:
    """P(shape, x): the series for x < shape + 1, the continued fraction (Lentz) beyond."""
    if x <= 0:
        return 0.0
    log_front = shape * math.log(x) - x - math.lgamma(shape)
    if x < shape + 1:
        term = total = 1.0 / shape
        n = shape
        while abs(term) > abs(total) * 1e-14:
            n += 1
            term *= x / n
            total += term
        return total * math.exp(log_front)
    tiny = 1e-300
    b = x + 1 - shape
    c, d = 1 / tiny, 1 / b
    fraction = d
    for i in range(1, 500):
        an = -i * (i - shape)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        fraction *= step
        if abs(step - 1) < 1e-14:
            break
    return 1.0 - math.exp(log_front) * fraction


def gamma_cdf(x: float, shape: float, scale: float) -> float:
    return _lower_regularized_gamma(shape, x / scale)


def gamma_quantile(p: float, shape: float, scale: float) -> float:
    """The p-quantile: Wilson and Hilferty's cube-root normal approximation for large shapes (relative
    error far below the displayed digits there), bisection on the CDF otherwise."""
    if shape >= WILSON_HILFERTY_FROM:
        z = NormalDist().inv_cdf(p)
        return shape * scale * (1 - 1 / (9 * shape) + z * math.sqrt(1 / (9 * shape))) ** 3
    low, high = 0.0, max(shape * scale, 1e-9)
    while gamma_cdf(high, shape, scale) < p:
        high *= 2
    for _ in range(80):
        middle = (low + high) / 2
        if gamma_cdf(middle, shape, scale) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def serial_interval(mean: float, sd: float, days: int = 30) -> list[float]:
    """w_1..w_days: a gamma serial interval's mass on each whole day (day k holds (k-0.5, k+0.5]), with
    the mass below half a day moved to day 1, normalised to sum to 1."""
    shape, scale = (mean / sd) ** 2, sd**2 / mean
    cdf = [gamma_cdf(k + 0.5, shape, scale) for k in range(days + 1)]
    weights = [cdf[1]] + [cdf[k] - cdf[k - 1] for k in range(2, days + 1)]
    total = sum(weights)
    return [w / total for w in weights]


def estimate(days: Sequence[dt.date], incidence: Sequence[int], params: RtParams) -> list[RtPoint]:
    """R_t for each day with a full window behind it and enough cases in it."""
    weights = serial_interval(params.si_mean, params.si_sd)
    pressure = [
        sum(incidence[t - s] * w for s, w in enumerate(weights, start=1) if t - s >= 0)
        for t in range(len(incidence))
    ]
    points = []
    for t in range(params.window, len(incidence)):
        start = t - params.window + 1
        cases = sum(incidence[start : t + 1])
        load = sum(pressure[start : t + 1])
        if cases < params.min_cases or load <= 0:
            continue
        shape = params.prior_shape + cases
        scale = 1 / (1 / params.prior_scale + load)
        points.append(
            RtPoint(
                day=days[t],
                mean=shape * scale,
                low=gamma_quantile(0.025, shape, scale),
                high=gamma_quantile(0.975, shape, scale),
                cases=cases,
            )
        )
    return points
