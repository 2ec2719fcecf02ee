"""The vaccination rules this app ships (../shared/domain/rules.md §3), one version per document.

[C] facts ship as CONFIRMED; a version resting on an unconfirmed document number, day or interval ships
as PARTLY/UNCONFIRMED with a note, and the pages mark it "cần đối chiếu văn bản gốc". A province that
shortened the AstraZeneca interval under 7820/BYT-DP adopts its own variant of the catalogue (data, not
code). Parameters are read by ``vaccination.schedule``.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

PRODUCTS = "vaccination.products"
MIXING = "vaccination.mixing"
BOOSTERS = "vaccination.boosters"
FULLY = "vaccination.fully"
TARGETS = "vaccination.targets"

_D = dt.date
ADULT_BANDS = ["18-49", "50-64", "65+"]


def _product(
    code: str, name: str, platform: str, doses: int, intervals: list[list[int | None]], min_age: int = 18
) -> dict[str, Any]:
    """One catalogue entry; ``intervals[i]`` is [min, max] days between dose i+1 and dose i+2."""
    return {
        "code": code, "name": name, "platform": platform, "doses": doses, "intervals": intervals,
        "min_age": min_age, "max_age": None,
    }  # fmt: skip


VECTOR, MRNA, INACTIVATED, SUBUNIT = "viral_vector", "mrna", "inactivated", "protein_subunit"

_BASE = [
    _product("AZ", "AstraZeneca", VECTOR, 2, [[56, 84]]),
    _product("SPV", "Gam-COVID-Vac (Sputnik V)", VECTOR, 2, [[21, None]]),
    _product("PF", "Comirnaty (Pfizer-BioNTech)", MRNA, 2, [[21, None]]),
    _product("MD", "Spikevax (Moderna)", MRNA, 2, [[28, None]]),
    _product("VC", "SARS-CoV-2 Vaccine (Vero Cell), Sinopharm", INACTIVATED, 2, [[21, 28]]),
    _product("JJ", "Janssen (Johnson & Johnson)", VECTOR, 1, []),
    _product("SPL", "Sputnik Light", VECTOR, 1, []),
]
_HAYAT = [*_BASE, _product("HV", "Hayat-Vax", INACTIVATED, 2, [[21, 28]])]
_ABDALA = [*_HAYAT, _product("AB", "Abdala", SUBUNIT, 3, [[14, None], [14, None]])]


def _with_ages(products: list[dict[str, Any]], ages: dict[str, int]) -> list[dict[str, Any]]:
    return [{**p, "min_age": ages.get(p["code"], p["min_age"])} for p in products]


_TEENS_PF = _with_ages(_ABDALA, {"PF": 12})
_TEENS = _with_ages(_ABDALA, {"PF": 12, "MD": 12})
_COVAXIN = [*_TEENS, _product("CX", "Covaxin (Bharat Biotech)", INACTIVATED, 2, [[28, None]])]
_CHILDREN = _with_ages(_COVAXIN, {"PF": 5, "MD": 6})


def _catalogue(
    code: str, doc: str, day: dt.date, status: RuleStatus, products: list[dict[str, Any]], note: str = ""
) -> ShippedRuleSet:
    return ShippedRuleSet(
        PRODUCTS, code, "Danh mục vắc xin, lịch tiêm cơ bản, độ tuổi", doc, day, status,
        {"products": products}, note,
    )  # fmt: skip


ship(
    RuleKind(
        PRODUCTS,
        _("Danh mục vắc xin COVID-19"),
        "vaccination",
        {"products": _("Vắc xin: mã, tên, số liều cơ bản, khoảng cách giữa các liều (ngày), tuổi tối thiểu")},
    ),
    _catalogue(
        "1734/BYT-DP",
        "Công văn 1734/BYT-DP ngày 17/3/2021",
        _D(2021, 3, 17),
        RuleStatus.UNCONFIRMED,
        _BASE,
        "Nội dung của 1734/BYT-DP chưa được đối chiếu: danh mục và khoảng cách lấy như 3588/QĐ-BYT.",
    ),
    _catalogue(
        "3588/QĐ-BYT",
        "Quyết định 3588/QĐ-BYT ngày 26/7/2021 (thay 1734/BYT-DP)",
        _D(2021, 7, 26),
        RuleStatus.CONFIRMED,
        _BASE,
        "Janssen và Sputnik Light: 1 liều. AstraZeneca 8-12 tuần; địa phương được rút ngắn theo "
        "7820/BYT-DP (20/9/2021): điều chỉnh bằng bản của tỉnh.",
    ),
    _catalogue(
        "Hayat-Vax",
        "Bộ Y tế phê duyệt Hayat-Vax (khoảng 10/9/2021)",
        _D(2021, 9, 10),
        RuleStatus.PARTLY,
        _HAYAT,
        "Khoảng cách của Hayat-Vax chưa xác định: lấy như Vero Cell (3-4 tuần).",
    ),
    _catalogue(
        "4471/QĐ-BYT",
        "Quyết định 4471/QĐ-BYT ngày 17/9/2021 (Abdala)",
        _D(2021, 9, 17),
        RuleStatus.PARTLY,
        _ABDALA,
        "Khoảng cách của Abdala chưa xác định: lấy lịch thường dùng 0-14-28 ngày. "
        "Một nguồn khác ghi ngày phê duyệt 8/10/2021.",
    ),
    _catalogue(
        "Pfizer-12-17",
        "Bộ Y tế cho phép tiêm Pfizer cho trẻ 12-17 tuổi, 14/10/2021",
        _D(2021, 10, 14),
        RuleStatus.CONFIRMED,
        _TEENS_PF,
        "Cần văn bản đồng ý của cha mẹ hoặc người giám hộ; ưu tiên 16-17 tuổi.",
    ),
    _catalogue(
        "Moderna-12-17",
        "Bộ Y tế cho phép tiêm Moderna cho trẻ 12-17 tuổi, 29/10/2021",
        _D(2021, 10, 29),
        RuleStatus.CONFIRMED,
        _TEENS,
    ),
    _catalogue(
        "Covaxin",
        "Bộ Y tế phê duyệt Covaxin ngày 10/11/2021",
        _D(2021, 11, 10),
        RuleStatus.CONFIRMED,
        _COVAXIN,
    ),
    _catalogue(
        "Tre-5-11",
        "Quyết định của Bộ Y tế ngày 1/3/2022 (Pfizer 5-11 tuổi); Moderna 6-11 tuổi",
        _D(2022, 3, 1),
        RuleStatus.PARTLY,
        _CHILDREN,
        "Ngày cho phép Moderna 6-11 tuổi chưa xác định. Liều nhi (0,2 ml; 0,25 ml) chưa được mô hình hóa.",
    ),
)


def _mixing(
    code: str, doc: str, day: dt.date, alternatives: dict[str, list[str]], pregnant: list[str],
    status: RuleStatus = RuleStatus.CONFIRMED, note: str = "",
) -> ShippedRuleSet:  # fmt: skip
    params = {"alternatives": alternatives, "minor_same_product": True, "not_for_pregnant": pregnant}
    return ShippedRuleSet(MIXING, code, "Phối hợp vắc xin mũi cơ bản", doc, day, status, params, note)


ship(
    RuleKind(
        MIXING,
        _("Phối hợp vắc xin trong lịch cơ bản"),
        "vaccination",
        {
            "alternatives": _("Vắc xin được tiêm thay ở các mũi sau, theo vắc xin mũi 1"),
            "minor_same_product": _("Dưới 18 tuổi: các mũi cùng một loại vắc xin"),
            "not_for_pregnant": _("Vắc xin không tiêm cho phụ nữ có thai"),
        },
    ),
    _mixing(
        "1734-cung-loai",
        "Công văn 1734/BYT-DP ngày 17/3/2021",
        _D(2021, 3, 17),
        {},
        [],
        RuleStatus.UNCONFIRMED,
        "Giả định: các mũi cơ bản cùng một loại vắc xin (chưa đối chiếu văn bản).",
    ),
    _mixing("3588-phoi-hop", "Hướng dẫn của Bộ Y tế giữa năm 2021", _D(2021, 7, 26), {"AZ": ["PF"]}, []),
    _mixing(
        "08/9/2021-phoi-hop",
        "Hội đồng tư vấn vắc xin, công văn của Bộ Y tế từ 8/9/2021",
        _D(2021, 9, 8),
        {"AZ": ["PF", "MD"], "MD": ["PF"], "PF": ["MD"]},
        ["SPV"],
    ),
)


def _boosters(code: str, doc: str, day: dt.date, status: RuleStatus, note: str = "", **params: Any) -> Any:
    base = {
        "min_age": 18,
        "additional_min_days": 28,
        "booster_min_days": 180,
        "fourth_dose_min_days": 0,
        "mrna_products": ["PF", "MD"],
        "also_after": {"VC": ["AZ"]},
    }
    return ShippedRuleSet(
        BOOSTERS, code, "Liều bổ sung, liều nhắc lại", doc, day, status, {**base, **params}, note
    )


ship(
    RuleKind(
        BOOSTERS,
        _("Liều bổ sung, liều nhắc lại"),
        "vaccination",
        {
            "min_age": _("Tuổi tối thiểu"),
            "additional_min_days": _("Liều bổ sung: cách mũi cơ bản cuối ít nhất (ngày)"),
            "booster_min_days": _("Liều nhắc lại: cách mũi trước ít nhất (ngày)"),
            "fourth_dose_min_days": _(
                "Mũi nhắc lại thứ hai: cách mũi trước ít nhất (ngày); 0: chưa cho phép"
            ),
            "mrna_products": _("Vắc xin mRNA (được tiêm nhắc cho mọi lịch cơ bản)"),
            "also_after": _("Vắc xin khác được tiêm nhắc, theo vắc xin lịch cơ bản"),
        },
    ),
    _boosters(
        "01/12/2021-nhac-lai",
        "Bộ Y tế, từ 1/12/2021 (có thể là 10225/BYT-DP)",
        _D(2021, 12, 1),
        RuleStatus.PARTLY,
        "Nội dung đã xác nhận; số hiệu văn bản chưa xác định.",
    ),
    _boosters(
        "17/12/2021-3-thang",
        "Bộ Y tế, 17/12/2021: rút khoảng cách liều nhắc lại từ 6 xuống 3 tháng",
        _D(2021, 12, 17),
        RuleStatus.CONFIRMED,
        booster_min_days=90,
    ),
    _boosters(
        "03/2022-AZ-nhac",
        "Bộ Y tế, tháng 3/2022: tiêm nhắc AstraZeneca sau lịch cơ bản mRNA",
        _D(2022, 3, 1),
        RuleStatus.PARTLY,
        "Ngày hiệu lực trong tháng 3/2022 chưa xác định: lấy ngày 1.",
        booster_min_days=90,
        also_after={"VC": ["AZ"], "PF": ["AZ"], "MD": ["AZ"]},
    ),
    _boosters(
        "05/2022-mui-4",
        "Bộ Y tế, tháng 5/2022: mũi 4 cách mũi 3 ít nhất 4 tháng",
        _D(2022, 5, 1),
        RuleStatus.PARTLY,
        "Ngày hiệu lực trong tháng 5/2022 chưa xác định: lấy ngày 1.",
        booster_min_days=90,
        fourth_dose_min_days=120,
        also_after={"VC": ["AZ"], "PF": ["AZ"], "MD": ["AZ"]},
    ),
)


def _fully(code: str, doc: str, day: dt.date, **params: int) -> ShippedRuleSet:
    base = {"doses": 2, "one_dose_days": 0, "min_days": 0, "max_days": 0}
    return ShippedRuleSet(
        FULLY, code, "Thế nào là đã tiêm đủ liều", doc, day, RuleStatus.CONFIRMED, {**base, **params}
    )


ship(
    RuleKind(
        FULLY,
        _("Đã tiêm đủ liều"),
        "vaccination",
        {
            "doses": _("Số mũi tối thiểu; 0: đủ lịch cơ bản của vắc xin"),
            "one_dose_days": _("Hoặc 1 mũi đã tiêm được ít nhất (ngày); 0: không áp dụng"),
            "min_days": _("Mũi cuối đã tiêm được ít nhất (ngày)"),
            "max_days": _("Mũi cuối tiêm chưa quá (ngày); 0: không giới hạn"),
        },
    ),
    _fully("4038/QĐ-BYT-tiem-du", "Quyết định 4038/QĐ-BYT ngày 21/8/2021", _D(2021, 8, 21), one_dose_days=15),
    _fully(
        "10696/BYT-MT",
        "Công văn 10696/BYT-MT ngày 16/12/2021",
        _D(2021, 12, 16),
        doses=0,
        min_days=14,
        max_days=183,
    ),
    _fully("762/BYT-DP", "Công văn 762/BYT-DP ngày 21/2/2022", _D(2022, 2, 21), min_days=14),
)


def _target(code: str, label: str, number: int, bands: list[str], start: str, due: str) -> dict[str, Any]:
    return {
        "code": code,
        "label": label,
        "number": number,
        "bands": bands,
        "share": 100,
        "start": start,
        "due": due,
    }


ship(
    RuleKind(
        TARGETS,
        _("Chỉ tiêu bao phủ vắc xin"),
        "vaccination",
        {"targets": _("Chỉ tiêu: mũi, nhóm tuổi, tỷ lệ (%), từ ngày, hạn hoàn thành")},
    ),
    ShippedRuleSet(
        TARGETS,
        "chi-tieu-2021-2022",
        "Chỉ tiêu tiêm chủng COVID-19 2021-2022",
        "Chỉ tiêu của chiến dịch (đề bài, issue 4): chưa có văn bản giao chỉ tiêu",
        _D(2021, 7, 26),
        RuleStatus.UNCONFIRMED,
        {
            "targets": [
                _target("mui2-18", "Mũi 2, từ 18 tuổi", 2, ADULT_BANDS, "2021-07-26", "2021-12-31"),
                _target("mui2-12-17", "Mũi 2, 12-17 tuổi", 2, ["12-17"], "2021-10-14", "2022-01-31"),
                _target("mui3-18", "Mũi 3, từ 18 tuổi", 3, ADULT_BANDS, "2021-12-01", "2022-03-31"),
            ]
        },
        "Ngày và tỷ lệ lấy theo yêu cầu của đề bài; chưa đối chiếu nghị quyết, kế hoạch của Chính phủ.",
    ),
)
