"""The daily report as a document: its figures table (the same rows on the page, in the PDF and in the
Excel file), the Decree 30 layout for the PDF, and the workbook."""

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phaodai.cases.reference import PlaceOfCare
from phaodai.command.metrics import cutoff_hour
from phaodai.command.models import DailyReport, ReportStatus
from phaodai.core.decree30 import AdministrativeDocument, render_pdf
from phaodai.core.text import day_text, percent_text
from phaodai.geo.models import AdminUnit
from phaodai.quarantine.reference import OrderPlace

UNIT_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận", "Xã", "Phường")
REPORT_SYMBOL = "BC"


def place_of(unit: AdminUnit) -> str:
    """ "Tỉnh Lai Châu" -> "Lai Châu": the place-and-date line names the place, not the unit."""
    name = unit.name.strip()
    for word in UNIT_WORDS:
        if name.startswith(word + " "):
            return name[len(word) + 1 :]
    return name


def draft_defaults(unit: AdminUnit, day: dt.date, organisation_name: str = "") -> dict[str, Any]:
    return {
        "day": day,
        "issuer_name": organisation_name
        or _("Ban Chỉ đạo phòng, chống dịch COVID-19 %(unit)s") % {"unit": unit.name},
        "place_name": place_of(unit),
        "recipients": "\n".join(
            [_("Bộ Y tế (để báo cáo)"), _("Ban Chỉ đạo tỉnh (để báo cáo)"), _("Lưu: VT")]
        ),
    }


def period_text(day: dt.date) -> str:
    hour = cutoff_hour()
    if not hour:
        return _("Ngày %(day)s") % {"day": day_text(day)}
    return _("Từ %(h)s giờ ngày %(start)s đến %(h)s giờ ngày %(end)s") % {
        "h": hour,
        "start": day_text(day - dt.timedelta(days=1)),
        "end": day_text(day),
    }


def _n(value: Any) -> str:
    return f"{int(value):,}".replace(",", ".")


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) lines of the report, sub-lines indented with "- "."""
    active, f1 = figures.get("active", {}), figures.get("f1", {})
    occupied, beds = figures.get("occupied", {}), figures.get("beds", {})
    done, positive = figures.get("tests_done", 0), figures.get("tests_positive", 0)
    treated = occupied.get("isolation", 0) + occupied.get("treatment", 0)
    rows = [
        (_("Ca mắc mới trong ngày"), _n(figures["new_community"] + figures["new_other"])),
        ("- " + _("trong cộng đồng"), _n(figures["new_community"])),
        ("- " + _("trong khu cách ly, phong tỏa, ngoại tỉnh"), _n(figures["new_other"])),
        (_("Ca mắc mới trong 7 ngày"), _n(figures["new_week"])),
        (_("Tổng số ca ghi nhận đến nay"), _n(figures["total_cases"])),
        (_("Ca khỏi bệnh trong ngày"), _n(figures["recovered"])),
        (_("Ca tử vong trong ngày"), _n(figures["deaths"])),
        (_("Tổng số ca tử vong"), _n(figures["total_deaths"])),
        (_("F0 đang điều trị, theo dõi"), _n(sum(active.values()))),
        *[("- " + str(label), _n(active.get(value, 0))) for value, label in PlaceOfCare.choices],
        (_("F1 đang cách ly y tế"), _n(sum(f1.values()))),
        *[("- " + str(label), _n(f1.get(value, 0))) for value, label in OrderPlace.choices],
        (
            _("Người đang ở khu cách ly tập trung / số giường"),
            f"{_n(occupied.get('quarantine', 0))} / {_n(beds.get('quarantine', 0))}",
        ),
        (
            _("Người đang ở cơ sở điều trị / số giường"),
            f"{_n(treated)} / {_n(beds.get('treatment', 0))}",
        ),
        (_("Xét nghiệm có kết quả trong ngày"), _n(done)),
        (
            "- " + _("dương tính (tỷ lệ)"),
            f"{_n(positive)} ({percent_text(100 * positive / done if done else None)})",
        ),
        (_("Ca có dấu hiệu cảnh báo chưa xử lý"), _n(figures["escalations_open"])),
    ]
    return rows


def _document(report: DailyReport) -> AdministrativeDocument:
    day = report.day
    body = [
        _("%(period)s, trên địa bàn %(unit)s:") % {"period": period_text(day), "unit": report.unit.name},
        *[line for line in report.remarks.splitlines() if line.strip()],
    ]
    issued = report.status == ReportStatus.ISSUED
    number, _slash, symbol = report.number.partition("/")
    return AdministrativeDocument(
        issuer_parent="",
        issuer=report.issuer_name.upper(),
        number=number if issued else "",
        symbol=symbol or f"{REPORT_SYMBOL}",
        place=report.place_name,
        date=day if issued or report.status == ReportStatus.APPROVED else None,
        title=pgettext("document title", "BÁO CÁO"),
        subject=_("Tình hình dịch COVID-19 ngày %(day)s") % {"day": day_text(day)},
        body=body,
        signer_title=report.signer_title,
        signer_name=report.signer_name,
        recipients=report.recipients,
        table=[(_("Chỉ tiêu"), _("Số liệu")), *figure_rows(report.figures)],
    )


def _filename(report: DailyReport, extension: str) -> str:
    return f"bao-cao-nhanh-{report.unit.code}-{report.day.isoformat()}.{extension}"


def pdf_response(report: DailyReport) -> HttpResponse:
    response = HttpResponse(render_pdf(_document(report)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response


def xlsx_bytes(report: DailyReport) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Báo cáo nhanh")[:31])
    bold = book.add_format({"bold": True})
    centred = book.add_format({"bold": True, "align": "center"})
    document = _document(report)
    header = [
        (document.issuer, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (f"Số: {document.number or '    '}/{document.symbol}", "Độc lập - Tự do - Hạnh phúc"),
    ]
    for row, (left, right) in enumerate(header):
        sheet.write(row, 0, left, bold)
        sheet.write(row, 2, right, centred)
    sheet.write(3, 0, f"{document.place}, {day_text(report.day)}")
    sheet.write(5, 0, document.title, bold)
    sheet.write(6, 0, document.subject)
    sheet.write(7, 0, document.body[0])
    for offset, (label, value) in enumerate(document.table):
        sheet.write(9 + offset, 0, label, bold if offset == 0 else None)
        sheet.write(9 + offset, 1, value, bold if offset == 0 else None)
    last = 10 + len(document.table)
    sheet.write(last, 0, _("Nơi nhận:"), bold)
    for offset, name in enumerate(report.recipients):
        sheet.write(last + 1 + offset, 0, f"- {name}")
    sheet.write(last, 2, report.signer_title.upper(), centred)
    sheet.write(last + 4, 2, report.signer_name, centred)
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 40)
    book.close()
    return buffer.getvalue()


def xlsx_response(report: DailyReport) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response
