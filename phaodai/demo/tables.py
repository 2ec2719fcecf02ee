"""Small tables that shape the synthetic population: rates, shares and age distributions.

Plausible for a young mountain province around 2021; they are a demo's assumptions, not statistics.
"""

import datetime as dt

from phaodai.geo.models import AgeBand
from phaodai.people.reference import Comorbidity

DEMO_TODAY = dt.date(2021, 11, 20)
DEMO_PASSWORD = "PhaoDai-demo-2021"  # noqa: S105 - printed on purpose: the demo's shared login

# How many people a commune holds relative to a rural commune, by division type.
DIVISION_WEIGHT = {"phường": 1.6, "thị trấn": 1.3, "xã": 1.0}
URBAN_DIVISIONS = frozenset({"phường", "thị trấn"})
KINH_URBAN_BOOST = 6.0  # towns and wards are where the Kinh minority of a mountain province lives
ETHNIC_CLUSTERING = 1.2  # sigma of the log-normal factor that concentrates groups in some communes
VILLAGE_DOMINANCE = {"rural": 0.82, "urban": 0.5}  # share of a village's households of its main group
PERSONS_PER_VILLAGE = 450
VILLAGES_PER_COMMUNE = (5, 15)
MAX_HOUSEHOLD = 13

HEAD_IS_MALE = 0.86
HAS_SPOUSE = 0.93
BIRTH_GAP = (1.5, 3.6)  # years between children
HUSBAND_OLDER = (0, 6)
GRANDPARENT_GAP = (20, 30)
ELDER_CHANCE = (0.15, 0.08)  # chance that a parent of the head lives in: base + per member beyond the couple
MAX_AGE = 98
# Age of the youngest child living at home, 0..24: 44% under five, then a slow decline (a young
# province, but with many homes whose children are teenagers or young adults).
YOUNGEST_CHILD_AGE = (
    8.8, 8.8, 8.8, 8.8, 8.8, 4.7, 4.4, 4.2, 3.9, 3.7, 3.5, 3.3, 3.1, 2.9, 2.7, 2.6, 2.4, 2.3, 2.1, 2.0,
    1.9, 1.8, 1.7, 1.6, 1.5,
)  # fmt: skip
# Age of people living alone or as a couple without children at home (from, to, weight).
CHILDLESS_AGE_BANDS = (
    (18, 24, 6), (25, 29, 5), (30, 39, 5), (40, 49, 7), (50, 59, 14), (60, 69, 14), (70, 79, 9), (80, 92, 4),
)  # fmt: skip

BIRTH_DATE_SHARE = 0.6
PREGNANCY = (18, 45, 0.025)  # ages and share of women pregnant on the demo day
ADULT_AGE = 18
ID_CARD_AGE = 14  # citizens get a CCCD from 14
ADULT_IDS = (0.80, 0.12)  # shares of adults with a CCCD, with only an old CMND; the rest have none
TEEN_CCCD = 0.35
PHONE_SHARE = 0.6
PHONE_PREFIXES = (
    ("086", 3), ("096", 6), ("097", 6), ("098", 6), ("032", 3), ("033", 3), ("034", 3), ("035", 3),
    ("036", 3), ("037", 3), ("038", 3), ("039", 3),  # Viettel, dominant in the mountains
    ("088", 2), ("091", 3), ("094", 3), ("081", 1), ("082", 1), ("083", 1), ("084", 1), ("085", 1),  # VNPT
    ("089", 1), ("090", 2), ("093", 2), ("070", 1), ("076", 1), ("077", 1), ("078", 1), ("079", 1),  # Mobi
    ("092", 0.5), ("056", 0.3), ("058", 0.3), ("099", 0.2), ("059", 0.2),  # Vietnamobile, Gmobile
)  # fmt: skip
# First digits of the old 9-digit CMND by province (north-west); others use their province code.
CMND_PREFIX = {"02": "07", "10": "06", "11": "04", "12": "04", "14": "05", "15": "06"}

# (condition, min age, max age, share) - diagnosed underlying conditions, rising with age.
COMORBIDITY_RATES = (
    (Comorbidity.HYPERTENSION, 18, 39, 0.03), (Comorbidity.HYPERTENSION, 40, 59, 0.14),
    (Comorbidity.HYPERTENSION, 60, 120, 0.33),
    (Comorbidity.DIABETES, 18, 39, 0.005), (Comorbidity.DIABETES, 40, 59, 0.04),
    (Comorbidity.DIABETES, 60, 120, 0.08),
    (Comorbidity.CARDIOVASCULAR, 40, 59, 0.02), (Comorbidity.CARDIOVASCULAR, 60, 120, 0.07),
    (Comorbidity.CHRONIC_LUNG, 0, 17, 0.01), (Comorbidity.CHRONIC_LUNG, 18, 59, 0.02),
    (Comorbidity.CHRONIC_LUNG, 60, 120, 0.06),
    (Comorbidity.CHRONIC_KIDNEY, 40, 59, 0.01), (Comorbidity.CHRONIC_KIDNEY, 60, 120, 0.03),
    (Comorbidity.CHRONIC_LIVER, 18, 120, 0.015),
    (Comorbidity.CANCER, 40, 59, 0.003), (Comorbidity.CANCER, 60, 120, 0.012),
    (Comorbidity.TUBERCULOSIS, 15, 120, 0.002),
    (Comorbidity.IMMUNODEFICIENCY, 15, 120, 0.002),
    (Comorbidity.OBESITY, 18, 120, 0.02),
    (Comorbidity.OTHER, 0, 120, 0.01),
)  # fmt: skip

# Occupations by life stage and place (weights).
PUPIL = "Học sinh"
OCCUPATIONS_RURAL = (
    ("Làm nông", 70), ("Lao động tự do", 8), ("Buôn bán", 4), ("Công nhân", 4), ("Nội trợ", 3),
    ("Cán bộ, công chức", 3), ("Giáo viên", 2), ("Nhân viên y tế", 0.5), ("Bộ đội, công an", 0.5),
)  # fmt: skip
OCCUPATIONS_URBAN = (
    ("Cán bộ, công chức", 20), ("Buôn bán", 20), ("Lao động tự do", 15), ("Công nhân", 10), ("Làm nông", 10),
    ("Giáo viên", 8), ("Nội trợ", 5), ("Nhân viên y tế", 3), ("Bộ đội, công an", 3), ("Lái xe", 2),
)  # fmt: skip
OCCUPATIONS_ELDERLY = (("Làm nông", 50), ("Hưu trí", 15), ("Nội trợ", 10), ("", 25))
OCCUPATIONS_ELDERLY_URBAN = (("Hưu trí", 55), ("Nội trợ", 15), ("Buôn bán", 5), ("", 25))

# Age -> band of geo.Population.
BANDS = (
    (0, 4, AgeBand.AGE_0_4), (5, 11, AgeBand.AGE_5_11), (12, 17, AgeBand.AGE_12_17),
    (18, 49, AgeBand.AGE_18_49), (50, 64, AgeBand.AGE_50_64), (65, 200, AgeBand.AGE_65_UP),
)  # fmt: skip
