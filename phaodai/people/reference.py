"""Reference lists for the person registry: ethnic groups (GSO codes), comorbidities."""

import csv
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

_DATA = Path(__file__).parent / "data"


@cache
def ethnicities() -> list[tuple[str, str]]:
    """The 54 ethnic groups of Vietnam (and foreigners) with their GSO codes."""
    with (_DATA / "ethnicities.csv").open(encoding="utf-8") as handle:
        return [(row["code"], row["name"]) for row in csv.DictReader(handle)]


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Comorbidity(models.TextChoices):
    """Underlying conditions the MoH guidance weighs when placing an F0 (home care or not)."""

    DIABETES = "diabetes", _("Đái tháo đường")
    HYPERTENSION = "hypertension", _("Tăng huyết áp")
    CARDIOVASCULAR = "cardiovascular", _("Bệnh tim mạch")
    CHRONIC_LUNG = "chronic_lung", _("Bệnh phổi mạn tính (COPD, hen)")
    CHRONIC_KIDNEY = "chronic_kidney", _("Bệnh thận mạn")
    CHRONIC_LIVER = "chronic_liver", _("Bệnh gan mạn")
    CANCER = "cancer", _("Ung thư")
    IMMUNODEFICIENCY = "immunodeficiency", _("Suy giảm miễn dịch")
    OBESITY = "obesity", _("Béo phì")
    TUBERCULOSIS = "tuberculosis", _("Lao")
    OTHER = "other", _("Bệnh nền khác")
