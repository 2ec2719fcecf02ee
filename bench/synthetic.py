"""Synthetic persons for the benchmarks, drawn with the demo generator's names and identifiers."""

import random

from phaodai.demo.identifiers import Identifiers
from phaodai.demo.names import Weighted, name_style
from phaodai.demo.reference import ethnic_mix, ethnic_profile
from phaodai.geo.models import AdminUnit
from phaodai.people.bulk import PersonRow

YEAR = 2021


def person_rows(
    *, count: int, communes: list[AdminUnit], rng: random.Random, province: str
) -> list[PersonRow]:
    """``count`` persons spread over ``communes``, with the province's ethnic mix and naming patterns."""
    ids = Identifiers(rng, province)
    ethnicities = Weighted(list(ethnic_mix(province)))
    rows = []
    for _ in range(count):
        ethnicity = ethnicities.draw(rng)
        style = name_style(ethnic_profile(ethnicity).style)
        sex = "M" if rng.random() < 0.5 else "F"
        birth_year = YEAR - min(int(rng.expovariate(1 / 28)), 99)
        adult = YEAR - birth_year >= 18
        commune = communes[rng.randrange(len(communes))]
        rows.append(PersonRow(
            full_name=style.full_name(rng, sex, style.family.draw(rng)),
            birth_year=birth_year,
            sex=sex,
            unit_id=commune.pk,
            unit_path=commune.path,
            national_id=ids.cccd(sex, birth_year) if adult and rng.random() < 0.8 else "",
            phone=ids.phone() if adult and rng.random() < 0.6 else "",
            ethnicity=ethnicity,
        ))  # fmt: skip
    return rows
