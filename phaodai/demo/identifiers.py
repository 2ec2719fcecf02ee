"""Identity numbers and phone numbers shaped like the real ones, unique across the demo.

CCCD (12 digits): ``0`` + the 2-digit province code, a digit for sex and century of birth (0 man / 1
woman born 1900-1999, 2 / 3 born 2000-2099), the last two digits of the birth year, six random digits.
"""

import random

from django.db.models import Q

from phaodai.demo import tables
from phaodai.demo.names import Weighted
from phaodai.people.models import Person
from phaodai.people.reference import Sex


class Identifiers:
    def __init__(self, rng: random.Random, province_code: str) -> None:
        self.rng = rng
        self.cccd_prefix = f"0{province_code}"
        self.cmnd_prefix = tables.CMND_PREFIX.get(province_code, province_code)
        self.phone_prefixes = Weighted(tables.PHONE_PREFIXES)
        known = Person.objects.filter(
            Q(national_id__startswith=self.cccd_prefix) | Q(national_id__startswith=self.cmnd_prefix)
        )
        self.national_ids: set[str] = set(known.values_list("national_id", flat=True))
        self.phones: set[str] = set()

    def cccd(self, sex: str, birth_year: int) -> str:
        century = 0 if birth_year < 2000 else 2
        prefix = f"{self.cccd_prefix}{century + (sex == Sex.FEMALE)}{birth_year % 100:02d}"
        while True:
            candidate = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if candidate not in self.national_ids:
                self.national_ids.add(candidate)
                return candidate

    def cmnd(self) -> str:
        while True:
            candidate = f"{self.cmnd_prefix}{self.rng.randrange(10_000_000):07d}"
            if candidate not in self.national_ids:
                self.national_ids.add(candidate)
                return candidate

    def phone(self) -> str:
        """``0`` + 9 digits on a real mobile prefix; a clash is redrawn twice, then kept."""
        candidate = ""
        for _ in range(3):
            candidate = f"{self.phone_prefixes.draw(self.rng)}{self.rng.randrange(10_000_000):07d}"
            if candidate not in self.phones:
                break
        self.phones.add(candidate)
        return candidate
