"""The demo's reference data, read from the CSV files under ``data/`` (each states its source)."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"
DEFAULT_MIX = "*"


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of one data file; lines starting with '#' are comments."""
    with (_DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def packed(values: str) -> list[tuple[str, float]]:
    """``"Lò*14|Lường*8|Sa"`` -> ``[("Lò", 14.0), ("Lường", 8.0), ("Sa", 1.0)]``."""
    pairs = []
    for item in values.split("|"):
        value, _, weight = item.strip().partition("*")
        pairs.append((value, float(weight) if weight else 1.0))
    return pairs


@cache
def census_2019() -> dict[str, int]:
    """Population at the 2019 census by pre-2025 province code."""
    return {row["code"]: int(row["population"]) for row in _rows("census_2019.csv")}


@cache
def ethnic_mix(province_code: str) -> tuple[tuple[str, float], ...]:
    """(ethnicity code, share) for a province, shares summing to 1; the default mix if it has no rows."""
    rows = _rows("ethnic_mix.csv")
    mine = [r for r in rows if r["province"] == province_code]
    mine = mine or [r for r in rows if r["province"] == DEFAULT_MIX]
    total = sum(float(r["share"]) for r in mine)
    return tuple((r["ethnicity"], float(r["share"]) / total) for r in mine)


@dataclass(frozen=True)
class EthnicProfile:
    ethnicity: str
    style: str
    household_mean: float
    first_birth: tuple[int, int]


_DEFAULT_PROFILE = EthnicProfile("", "kinh", 4.0, (19, 26))


@cache
def _profiles() -> dict[str, EthnicProfile]:
    return {
        row["ethnicity"]: EthnicProfile(
            ethnicity=row["ethnicity"],
            style=row["style"],
            household_mean=float(row["household_mean"]),
            first_birth=(int(row["first_birth_min"]), int(row["first_birth_max"])),
        )
        for row in _rows("ethnic_styles.csv")
    }


def ethnic_profile(ethnicity: str) -> EthnicProfile:
    profile = _profiles().get(ethnicity)
    if profile is None:
        return EthnicProfile(ethnicity, _DEFAULT_PROFILE.style, _DEFAULT_PROFILE.household_mean, (19, 26))
    return profile


@cache
def name_parts() -> dict[str, dict[str, str]]:
    """style -> part -> packed values (``parent`` names the style to borrow missing parts from)."""
    parts: dict[str, dict[str, str]] = {}
    for row in _rows("names.csv"):
        parts.setdefault(row["style"], {})[row["part"]] = row["values"]
    return parts


@cache
def village_parts() -> dict[str, dict[str, str]]:
    parts: dict[str, dict[str, str]] = {}
    for row in _rows("villages.csv"):
        parts.setdefault(row["style"], {})[row["part"]] = row["values"]
    return parts


@cache
def checkpoints(province_code: str) -> tuple[tuple[str, str], ...]:
    """(unit code, checkpoint name) for a province; empty when the file has no rows for it."""
    return tuple((r["unit"], r["name"]) for r in _rows("checkpoints.csv") if r["province"] == province_code)


@cache
def showcase_commune(province_code: str) -> str | None:
    """The commune code the commune-level demo users work in, if the data names one."""
    return next((r["commune"] for r in _rows("demo_places.csv") if r["province"] == province_code), None)
