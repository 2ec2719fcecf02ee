"""R_t after Cori et al.: the gamma arithmetic, and estimates that recover a known growth."""

import datetime as dt
import math

import pytest

from phaodai.command import rt

PARAMS = rt.RtParams(si_mean=4.7, si_sd=2.9)


def test_gamma_cdf_matches_closed_forms():
    # Shape 1 is the exponential distribution; shape 2 has CDF 1 - e^-x (1 + x).
    assert rt.gamma_cdf(1.3, 1, 1) == pytest.approx(1 - math.exp(-1.3), rel=1e-10)
    assert rt.gamma_cdf(7.5, 2, 1) == pytest.approx(1 - math.exp(-7.5) * 8.5, rel=1e-10)
    assert rt.gamma_quantile(0.5, 1, 2) == pytest.approx(2 * math.log(2), rel=1e-9)


@pytest.mark.parametrize("p", [0.025, 0.975])
def test_the_large_shape_approximation_agrees_with_the_exact_quantile(p):
    exact_side = rt.WILSON_HILFERTY_FROM - 0.5
    at_edge = rt.gamma_quantile(p, rt.WILSON_HILFERTY_FROM, 0.01)
    below_edge = rt.gamma_quantile(p, exact_side, 0.01)
    assert rt.gamma_cdf(at_edge, rt.WILSON_HILFERTY_FROM, 0.01) == pytest.approx(p, abs=5e-4)
    assert rt.gamma_cdf(below_edge, exact_side, 0.01) == pytest.approx(p, abs=1e-9)


def test_serial_interval_is_a_distribution_with_the_given_mean():
    weights = rt.serial_interval(4.7, 2.9)
    assert sum(weights) == pytest.approx(1)
    mean = sum(day * w for day, w in enumerate(weights, start=1))
    assert mean == pytest.approx(4.7, abs=0.15)


def _renewal(r: float, days: int, seed: int = 20) -> list[int]:
    """Expected incidence of a renewal process with constant R (no noise): I_t = R Λ_t."""
    weights = rt.serial_interval(PARAMS.si_mean, PARAMS.si_sd)
    incidence = [float(seed)]
    for t in range(1, days):
        incidence.append(r * sum(incidence[t - s] * w for s, w in enumerate(weights, start=1) if t - s >= 0))
    return [round(value) for value in incidence]


@pytest.mark.parametrize("r", [0.7, 1.0, 1.6])
def test_a_constant_reproduction_number_is_recovered(r):
    incidence = _renewal(r, 60, seed=5000)
    days = [dt.date(2021, 10, 1) + dt.timedelta(days=i) for i in range(60)]
    points = rt.estimate(days, incidence, PARAMS)
    late = [p for p in points if p.day >= days[30]]
    assert late
    for point in late:
        assert point.mean == pytest.approx(r, rel=0.08)
        assert point.low < point.mean < point.high


def test_a_window_with_too_few_cases_gives_no_estimate():
    days = [dt.date(2021, 10, 1) + dt.timedelta(days=i) for i in range(20)]
    assert rt.estimate(days, [1, 0, 0, 1] * 5, PARAMS) == []
