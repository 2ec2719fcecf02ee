"""PDF rendering of administrative documents laid out as Decree 30/2020/NĐ-CP (Appendix I) prescribes.

Quarantine-release decisions and certificates use it first; any other document the platform issues
(directives, reports) can reuse it by filling an :class:`AdministrativeDocument`.

The fixed wording (national name, motto, "Số", "ngày ... tháng ... năm", "Nơi nhận") is deliberately not
wrapped in gettext: the decree prescribes it in Vietnamese whatever language the user interface speaks.

Times New Roman, which the decree names, is not freely redistributable, so the vendored DejaVu Serif
(``fonts/``, Bitstream Vera licence) stands in: it covers every precomposed Vietnamese letter and is
embedded (subset) in the PDF, so the document prints the same on any machine. DejaVu runs wider than
Times, hence the national name at the small end of the size the decree allows (12 pt).
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos
from fpdf.text_region import Paragraph

from phaodai.core.text import nfc

FONT_DIR = Path(__file__).with_name("fonts")
FONT_FAMILY = "DejaVuSerif"
_FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Page geometry in millimetres: A4 with the decree's margins (top/bottom 20-25, left 30-35, right 15-20).
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 20.0
MARGIN_LEFT = 30.0
MARGIN_RIGHT = 15.0
TEXT_WIDTH = 210.0 - MARGIN_LEFT - MARGIN_RIGHT
LEFT_COLUMN = 60.0  # issuer block and "Nơi nhận"
GUTTER = 5.0
RIGHT_X = MARGIN_LEFT + LEFT_COLUMN + GUTTER
RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN - GUTTER  # national header and signature block
SIGNATURE_SPACE = 30.0  # room for a handwritten signature and the seal
FIRST_LINE_INDENT = 10.0  # the decree allows 1 cm or 1.27 cm
PARAGRAPH_SPACING = 6 * 25.4 / 72  # at least 6 pt between paragraphs
LINE_HEIGHT = 1.3  # line spacing in multiples of the font size (decree: single to 1.5 lines)
RULE_WIDTH = 0.3
RULE_GAP = 1.5  # between a line of text and the rule under it, clear of descenders
MIN_STRETCH = 85.0  # a header line is condensed down to this percentage before it wraps
RECIPIENT_INDENT = 2.5  # hanging indent after the dash of a recipient line

# Font sizes in points (decree: issuer 12-13, motto 13-14, body 13-14, recipients 11-12).
HEADER_SIZE = 12.0
MOTTO_SIZE = 13.0
TEXT_SIZE = 13.0
TITLE_SIZE = 14.0
RECIPIENTS_HEADING_SIZE = 12.0
RECIPIENTS_SIZE = 11.0

_BLANK_NUMBER = " " * 6  # left for the clerk to write the number by hand
_BLANK_DATE_PART = " " * 4
_ARTICLE = re.compile(r"^(Điều\s+\d+[a-zđ]?\.)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class AdministrativeDocument:
    """What an administrative document says; :func:`render_pdf` decides where it goes on the page."""

    issuer_parent: str  # governing body, e.g. "UBND HUYỆN PHONG THỔ"; may be ""
    issuer: str  # e.g. "TRẠM Y TẾ XÃ DÀO SAN"
    number: str  # "" for a draft: the number line keeps a blank to be filled in by hand
    symbol: str  # e.g. "QĐ-TYT"
    place: str  # e.g. "Dào San"
    date: datetime.date | None  # None leaves day, month and year blank for handwriting
    title: str  # document kind, e.g. "QUYẾT ĐỊNH" or "GIẤY CHỨNG NHẬN"
    subject: str  # trích yếu, e.g. "Về việc hoàn thành thời gian cách ly y tế"; may be ""
    body: Sequence[str]  # paragraphs; "Điều N." set in bold, one all in capitals a centred heading
    signer_title: str  # e.g. "TRẠM TRƯỞNG"
    signer_name: str
    signer_authority: str = ""  # e.g. "KT. CHỦ TỊCH", shown above signer_title
    recipients: Sequence[str] = ()  # Nơi nhận, e.g. ("Như Điều 3", "Lưu: VT")
    table: Sequence[Sequence[str]] = ()  # a figures table after the body, its first row the heading


def number_line(document: AdministrativeDocument) -> str:
    """``Số: 12/QĐ-TYT``; a draft without a number keeps a blank before the slash."""
    number = nfc(document.number) or _BLANK_NUMBER
    return f"Số: {number}/{nfc(document.symbol)}"


def date_line(document: AdministrativeDocument) -> str:
    """``Dào San, ngày 05 tháng 02 năm 2021``, or blanks for handwriting when there is no date yet.

    Appendix I of the decree writes days below 10 and the months 1 and 2 with a leading zero
    (and only those months: ``tháng 3`` stays as it is).
    """
    if document.date is None:
        gap = _BLANK_DATE_PART
        words = f"ngày {gap}tháng {gap}năm 20.."
    else:
        day, month = document.date.day, document.date.month
        month_text = f"{month:02d}" if month <= 2 else str(month)
        words = f"ngày {day:02d} tháng {month_text} năm {document.date.year}"
    place = nfc(document.place)
    return f"{place}, {words}" if place else words[:1].upper() + words[1:]


def render_pdf(document: AdministrativeDocument) -> bytes:
    """Render the document on A4 pages and return the PDF file's bytes."""
    pdf = _new_pdf(document)
    _draw_header(pdf, document)
    _draw_heading(pdf, document)
    _draw_body(pdf, document.body)
    if document.table:
        _draw_table(pdf, document.table)
    _draw_closing(pdf, document)
    return bytes(pdf.output())


class _DecreePdf(FPDF):
    """An FPDF that numbers pages the decree's way: centred in the top margin, from page 2 on."""

    def header(self) -> None:
        if self.page_no() < 2:
            return
        x, y = self.x, self.y
        self.set_font(FONT_FAMILY, "", TEXT_SIZE)
        self.set_xy(MARGIN_LEFT, MARGIN_TOP / 2 - 3)
        self.cell(TEXT_WIDTH, 6, str(self.page_no()), align=Align.C)
        self.set_xy(x, y)


def _new_pdf(document: AdministrativeDocument) -> _DecreePdf:
    """An empty first page with the decree's margins and the vendored fonts registered."""
    pdf = _DecreePdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    pdf.c_margin = 0  # columns are measured to the millimetre; no inner cell padding
    for style, filename in _FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(FONT_DIR / filename))
    pdf.set_title(nfc(f"{document.title} {document.subject}"))
    pdf.set_lang("vi-VN")
    pdf.set_creator("Pháo Đài")
    pdf.add_page()
    return pdf


def _line_height(size: float) -> float:
    """Height in mm of one line set in ``size`` points."""
    return size * 25.4 / 72 * LINE_HEIGHT


def _centred(
    pdf: FPDF, x: float, y: float, width: float, text: str, style: str, size: float, fit: bool = False
) -> float:
    """Write ``text`` centred in a column and return the y just below it.

    With ``fit``, a line slightly too long is condensed to stay on one line (DejaVu runs wider than the
    Times the decree was drawn for, and an issuer name split over two lines reads badly); a line much
    too long wraps.
    """
    pdf.set_xy(x, y)
    pdf.set_font(FONT_FAMILY, style, size)
    pdf.set_stretching(_stretch_to_fit(pdf, text, width) if fit else 100)
    pdf.multi_cell(width, _line_height(size), text, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_stretching(100)
    return pdf.get_y()


def _stretch_to_fit(pdf: FPDF, text: str, width: float) -> float:
    """Horizontal scaling (percent) that fits ``text`` on one line, or 100 if it fits or cannot."""
    natural = pdf.get_string_width(text)
    scale = 100 * width / natural if natural else 100
    return 100 if scale >= 100 or scale < MIN_STRETCH else scale - 0.1


def _rule(pdf: FPDF, centre: float, y: float, length: float) -> float:
    """Draw a solid horizontal rule centred on ``centre``; return the y below it."""
    pdf.set_line_width(RULE_WIDTH)
    y += RULE_GAP
    pdf.line(centre - length / 2, y, centre + length / 2, y)
    return y + 1


def _text_width(pdf: FPDF, text: str, style: str, size: float, column: float) -> float:
    """Width of ``text`` on one line, at most the column it wraps in."""
    pdf.set_font(FONT_FAMILY, style, size)
    return min(pdf.get_string_width(text), column)


def _draw_issuer(pdf: FPDF, document: AdministrativeDocument, top: float) -> float:
    """Left header column: governing body, issuer and the short rule under it."""
    x, y = MARGIN_LEFT, top
    if parent := nfc(document.issuer_parent).upper():
        y = _centred(pdf, x, y, LEFT_COLUMN, parent, "", HEADER_SIZE, fit=True)
    issuer = nfc(document.issuer).upper()
    y = _centred(pdf, x, y, LEFT_COLUMN, issuer, "B", HEADER_SIZE, fit=True)
    length = _text_width(pdf, issuer, "B", HEADER_SIZE, LEFT_COLUMN) * 0.4  # decree: 1/3 to 1/2
    return _rule(pdf, x + LEFT_COLUMN / 2, y, length)


def _draw_national(pdf: FPDF, top: float) -> float:
    """Right header column: national name, motto and the rule as long as the motto."""
    x = RIGHT_X
    y = _centred(pdf, x, top, RIGHT_COLUMN, NATIONAL_NAME, "B", HEADER_SIZE, fit=True)
    y = _centred(pdf, x, y, RIGHT_COLUMN, MOTTO, "B", MOTTO_SIZE)
    length = _text_width(pdf, MOTTO, "B", MOTTO_SIZE, RIGHT_COLUMN)
    return _rule(pdf, x + RIGHT_COLUMN / 2, y, length)


def _draw_header(pdf: FPDF, document: AdministrativeDocument) -> None:
    """Both header columns, then the number and the place and date on one shared row."""
    top = pdf.t_margin
    row = max(_draw_issuer(pdf, document, top), _draw_national(pdf, top)) + 2
    left = _centred(pdf, MARGIN_LEFT, row, LEFT_COLUMN, number_line(document), "", TEXT_SIZE)
    right = _centred(pdf, RIGHT_X, row, RIGHT_COLUMN, date_line(document), "I", TEXT_SIZE)
    pdf.set_xy(MARGIN_LEFT, max(left, right))


def _draw_heading(pdf: FPDF, document: AdministrativeDocument) -> None:
    """Document kind, then the subject (trích yếu) with a short rule under it."""
    y = _centred(pdf, MARGIN_LEFT, pdf.get_y() + 10, TEXT_WIDTH, nfc(document.title).upper(), "B", TITLE_SIZE)
    if subject := nfc(document.subject):
        y = _centred(pdf, MARGIN_LEFT, y, TEXT_WIDTH, subject, "B", TITLE_SIZE)
        length = _text_width(pdf, subject, "B", TITLE_SIZE, TEXT_WIDTH) * 0.4
        y = _rule(pdf, MARGIN_LEFT + TEXT_WIDTH / 2, y, length)
    pdf.set_xy(MARGIN_LEFT, y + 6)


def _is_heading(text: str) -> bool:
    """A paragraph all in capitals ("QUYẾT ĐỊNH:", the issuing authority) is a centred bold heading."""
    return text == text.upper() and any(ch.isalpha() for ch in text)


def _write_paragraph(pdf: FPDF, paragraph: Paragraph, text: str) -> None:
    """Write one body paragraph, setting headings and a leading ``Điều N.`` in bold as the decree asks."""
    if _is_heading(text):
        pdf.set_font(FONT_FAMILY, "B", TEXT_SIZE)
        paragraph.write(text)
        return
    if match := _ARTICLE.match(text):
        pdf.set_font(FONT_FAMILY, "B", TEXT_SIZE)
        paragraph.write(match.group(1) + " ")
        text = match.group(2)
    pdf.set_font(FONT_FAMILY, "", TEXT_SIZE)
    paragraph.write(text)


def _draw_body(pdf: FPDF, body: Sequence[str]) -> None:
    """Justified paragraphs with a first-line indent (headings centred), flowing onto further pages."""
    pdf.set_font(FONT_FAMILY, "", TEXT_SIZE)
    with pdf.text_columns(text_align=Align.J, line_height=LINE_HEIGHT) as column:
        for text in map(nfc, body):
            heading = _is_heading(text)
            with column.paragraph(
                text_align=Align.C if heading else None,
                first_line_indent=0 if heading else FIRST_LINE_INDENT,
                bottom_margin=PARAGRAPH_SPACING,
            ) as paragraph:
                _write_paragraph(pdf, paragraph, text)


def _draw_table(pdf: FPDF, rows: Sequence[Sequence[str]]) -> None:
    """A ruled table across the text width (a report's figures): heading row bold, numbers right-aligned."""
    pdf.set_font(FONT_FAMILY, "", RECIPIENTS_SIZE)
    columns = len(rows[0])
    widths = (3, *([1] * (columns - 1))) if columns > 1 else (1,)
    align = ("LEFT", *(["RIGHT"] * (columns - 1)))
    with pdf.table(col_widths=widths, text_align=align, line_height=_line_height(RECIPIENTS_SIZE)) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(nfc(str(value)))
    pdf.ln(PARAGRAPH_SPACING)


def _recipient_lines(recipients: Sequence[str]) -> list[str]:
    """``name;`` for each recipient, the last one closed with a full stop (Decree 30, Appendix I)."""
    names = [nfc(name).rstrip(".;") for name in recipients]
    return [f"{name}{'.' if index == len(names) - 1 else ';'}" for index, name in enumerate(names)]


def _height(pdf: FPDF, width: float, text: str, style: str, size: float) -> float:
    """Height a centred or left-aligned block of ``text`` would take, without drawing it."""
    pdf.set_font(FONT_FAMILY, style, size)
    lines = pdf.multi_cell(width, _line_height(size), text, dry_run=True, output=MethodReturnValue.LINES)
    assert isinstance(lines, list)  # what output=LINES returns
    return len(lines) * _line_height(size) if text else 0


def _signature_lines(document: AdministrativeDocument) -> list[str]:
    """Authority (KT., TM., TL. ...) and the signer's title, in capitals."""
    lines = [nfc(document.signer_authority).upper(), nfc(document.signer_title).upper()]
    return [line for line in lines if line]


def _closing_height(pdf: FPDF, document: AdministrativeDocument) -> float:
    """Height of the taller of the recipients list and the signature block."""
    heading = "\n".join(_signature_lines(document))
    signature = _height(pdf, RIGHT_COLUMN, heading, "B", TEXT_SIZE) + SIGNATURE_SPACE
    signature += _height(pdf, RIGHT_COLUMN, nfc(document.signer_name), "B", TEXT_SIZE)
    recipients = "\n".join(_recipient_lines(document.recipients))
    listed = _height(pdf, LEFT_COLUMN - RECIPIENT_INDENT, recipients, "", RECIPIENTS_SIZE)
    return max(signature, listed + _line_height(RECIPIENTS_HEADING_SIZE) if recipients else 0)


def _draw_recipients(pdf: FPDF, recipients: Sequence[str], top: float) -> None:
    """``Nơi nhận:`` in bold italic, then one small dashed line per recipient, wrapped lines hanging."""
    pdf.set_xy(MARGIN_LEFT, top)
    pdf.set_font(FONT_FAMILY, "BI", RECIPIENTS_HEADING_SIZE)
    height = _line_height(RECIPIENTS_HEADING_SIZE)
    pdf.cell(LEFT_COLUMN, height, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", RECIPIENTS_SIZE)
    right_margin = pdf.w - MARGIN_LEFT - LEFT_COLUMN
    with pdf.text_columns(line_height=LINE_HEIGHT, r_margin=right_margin) as column:
        for line in _recipient_lines(recipients):
            with column.paragraph(indent=RECIPIENT_INDENT, bullet_string="-", bullet_r_margin=1) as paragraph:
                paragraph.write(line)


def _draw_signature(pdf: FPDF, document: AdministrativeDocument, top: float) -> None:
    """Authority and title, room for the signature and seal, then the signer's name."""
    x, y = RIGHT_X, top
    for line in _signature_lines(document):
        y = _centred(pdf, x, y, RIGHT_COLUMN, line, "B", TEXT_SIZE)
    _centred(pdf, x, y + SIGNATURE_SPACE, RIGHT_COLUMN, nfc(document.signer_name), "B", TEXT_SIZE)


def _draw_closing(pdf: FPDF, document: AdministrativeDocument) -> None:
    """Recipients on the left, signature on the right, kept together on one page."""
    top = pdf.get_y() + 2
    if top + _closing_height(pdf, document) > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.t_margin
    if document.recipients:
        _draw_recipients(pdf, document.recipients, top)
    _draw_signature(pdf, document, top)
