"""Support pages: programmes, lists and their approval path, conflicts, omissions, payments and the
epidemic fund. Thin: selectors read, services write."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.csvstream import stream_csv
from phaodai.core.errors import DomainError
from phaodai.core.masking import mask_national_id, shown
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import public, scoped
from phaodai.core.scoping import Jurisdiction
from phaodai.core.xlsxstream import xlsx_file
from phaodai.people.selectors import person_list
from phaodai.support import importers, selectors, services
from phaodai.support.checks import EntryInput
from phaodai.support.forms import (
    AllocationForm,
    ConfirmForm,
    ConflictForm,
    DonationForm,
    EntryForm,
    ImportForm,
    ListForm,
    PaymentForm,
    RemoveForm,
    SpendingForm,
    TransitionForm,
)
from phaodai.support.reference import EDITABLE_STATUSES, ListStatus

PAGE_SIZE = 50


def _jurisdiction(request: HttpRequest) -> Jurisdiction:
    return access_for(request).jurisdiction


@scoped(perm=Perm.SUPPORT_VIEW)
def programmes(request: HttpRequest) -> HttpResponse:
    return render(request, "support/programmes.html", {"programmes": selectors.programme_list()})


@scoped(perm=Perm.SUPPORT_VIEW)
def lists(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang-thai", "")
    rows = selectors.list_list(jurisdiction=_jurisdiction(request), status=status)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ListStatus.choices,
        "prefix": query_prefix(request),
    }
    return render(request, "support/lists.html", context)


@scoped(perm=Perm.SUPPORT_COMPILE)
def list_add(request: HttpRequest) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    form = ListForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            blist = services.list_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lập danh sách."))
            return redirect("support:list", pk=blist.pk)
    return render(request, "support/form.html", {"form": form, "title": _("Lập danh sách hỗ trợ")})


def _list_page(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    access = access_for(request)
    blist = selectors.list_get(jurisdiction=access.jurisdiction, pk=pk)
    can_edit = access.can(Perm.SUPPORT_COMPILE) and blist.status in EDITABLE_STATUSES
    moves = services.allowed_moves(blist, access.jurisdiction)
    if not access.can(Perm.SUPPORT_APPROVE):
        moves = [m for m in moves if m == ListStatus.SUBMITTED and access.can(Perm.SUPPORT_COMPILE)]
    bound = bound or {}
    context = {
        "blist": blist,
        "entries": selectors.list_entries(beneficiary_list=blist),
        "steps": blist.steps.select_related("actor"),
        "can_edit": can_edit,
        "can_pay": access.can(Perm.SUPPORT_PAY) and blist.status == ListStatus.APPROVED,
        "moves": [(m, ListStatus(m).label) for m in moves],
        "entry_form": bound.get("entry_form") or EntryForm(),
        "import_form": bound.get("import_form") or ImportForm(),
        "fill_form": bound.get("fill_form") or ConfirmForm(),
        "transition_form": bound.get("transition_form") or TransitionForm(),
    }
    return render(request, "support/list.html", context)


@scoped(perm=Perm.SUPPORT_VIEW)
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _list_page(request, pk)


def _list_post(
    request: HttpRequest, pk: int, form: Any, slot: str, save: Callable[[Any], str]
) -> HttpResponse:
    blist = selectors.list_get(jurisdiction=_jurisdiction(request), pk=pk)
    if request.method != "POST":
        return redirect("support:list", pk=pk)
    if form.is_valid():
        try:
            done = save(blist)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect("support:list", pk=pk)
    return _list_page(request, pk, {slot: form})


def _person_ref(request: HttpRequest, blist: Any, ref: str) -> Any:
    if not ref:
        return None
    people = person_list(jurisdiction=Jurisdiction.of([blist.unit_path]))
    found = people.filter(national_id=ref).first() or (
        people.filter(pk=ref).first() if ref.isdigit() else None
    )
    if found is None:
        raise DomainError(
            _("Không tìm thấy người có số CCCD hoặc mã hồ sơ «%(ref)s» trong xã.") % {"ref": ref},
            field="person",
        )
    return found


@scoped(perm=Perm.SUPPORT_COMPILE)
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = EntryForm(request.POST or None)

    def save(blist: Any) -> str:
        data = {k: v for k, v in form.cleaned_data.items() if k != "person"}
        person = _person_ref(request, blist, form.cleaned_data["person"].strip())
        entry = services.entry_add(actor=request.user, blist=blist, data=EntryInput(person=person, **data))
        return _("Đã thêm %(name)s.") % {"name": entry.full_name}

    return _list_post(request, pk, form, "entry_form", save)


@scoped(perm=Perm.SUPPORT_COMPILE)
def entries_fill(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConfirmForm(request.POST or None)

    def save(blist: Any) -> str:
        count = services.entries_fill_from_registry(actor=request.user, blist=blist)
        return _("Đã thêm %(n)s người từ dữ liệu F0/F1 của xã.") % {"n": count}

    return _list_post(request, pk, form, "fill_form", save)


@scoped(perm=Perm.SUPPORT_COMPILE)
def entries_import(request: HttpRequest, pk: int) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(blist: Any) -> str:
        upload = form.cleaned_data["file"]
        rows = importers.read_rows(
            blist=blist, file_name=upload.name, content=upload.read(importers.MAX_BYTES + 1)
        )
        count = services.entries_import(actor=request.user, blist=blist, rows=rows)
        return _("Đã nhập %(n)s người từ tệp.") % {"n": count}

    return _list_post(request, pk, form, "import_form", save)


@scoped(perm=Perm.SUPPORT_COMPILE)
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(jurisdiction=_jurisdiction(request), pk=pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_remove(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã loại %(name)s khỏi danh sách.") % {"name": entry.full_name})
    return redirect("support:list", pk=entry.beneficiary_list_id)


@scoped(perm=Perm.SUPPORT_COMPILE)
def list_transition(request: HttpRequest, pk: int) -> HttpResponse:
    form = TransitionForm(request.POST or None)
    access = access_for(request)

    def save(blist: Any) -> str:
        to_status = form.cleaned_data["to_status"]
        if to_status != ListStatus.SUBMITTED and not access.can(Perm.SUPPORT_APPROVE):
            raise DomainError(_("Bạn không có quyền thẩm định, phê duyệt danh sách."), field="comment")
        services.list_transition(
            actor=request.user, jurisdiction=access.jurisdiction, blist=blist, **form.cleaned_data
        )
        return _("Danh sách đã chuyển sang «%(status)s».") % {"status": ListStatus(to_status).label}

    return _list_post(request, pk, form, "transition_form", save)


@scoped(perm=Perm.SUPPORT_VIEW)
def conflicts(request: HttpRequest) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    show_all = request.GET.get("tat-ca") == "1"
    rows = (selectors.conflict_list if show_all else selectors.open_conflicts)(jurisdiction=jurisdiction)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/conflicts.html",
        {"page": page, "show_all": show_all, "prefix": query_prefix(request)},
    )


@scoped(perm=Perm.SUPPORT_APPROVE)
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = selectors.conflict_get(jurisdiction=_jurisdiction(request), pk=pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_resolve(actor=request.user, conflict=conflict, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã xử lý trường hợp nghi hưởng trùng."))
            return redirect("support:conflicts")
    return render(request, "support/conflict.html", {"conflict": conflict, "form": form})


def _period(request: HttpRequest, programme: Any) -> tuple[dt.date, dt.date]:
    def day(name: str, default: dt.date) -> dt.date:
        try:
            return dt.date.fromisoformat(request.GET.get(name, "")) if request.GET.get(name) else default
        except ValueError:
            return default

    return day("tu", programme.period_start), day("den", min(programme.period_end, clock.today()))


@scoped(perm=Perm.SUPPORT_VIEW)
def omissions(request: HttpRequest) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    options = [
        p for p in selectors.programme_list(active_only=True) if p.group in ("f0", "f1", "child_f0_f1")
    ]
    programme = selectors.programme_get(pk=request.GET.get("chinh-sach")) or (options[0] if options else None)
    if programme is None:
        raise Http404
    start, end = _period(request, programme)
    rows = selectors.omissions(jurisdiction=jurisdiction, programme=programme, start=start, end=end)
    page = CappedPaginator(rows if rows is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "options": options,
        "start": start,
        "end": end,
        "page": page,
        "prefix": query_prefix(request),
    }
    return render(request, "support/omissions.html", context)


@scoped(perm=Perm.SUPPORT_PAY)
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(jurisdiction=_jurisdiction(request), pk=pk)
    initial = {
        "paid_on": clock.today(),
        "receiver_name": entry.full_name,
        "amount": entry.amount - (getattr(entry, "paid", 0) or 0),
    }
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã ghi chi trả cho %(name)s.") % {"name": entry.full_name})
            return redirect("support:list", pk=entry.beneficiary_list_id)
    return render(request, "support/payment.html", {"entry": entry, "form": form})


@scoped(perm=Perm.SUPPORT_VIEW)
def totals(request: HttpRequest) -> HttpResponse:
    rows = selectors.totals(jurisdiction=_jurisdiction(request))
    summary = {
        "approved": sum(r.approved for r in rows),
        "paid": sum(r.paid for r in rows),
        "people": sum(r.people for r in rows),
    }
    return render(request, "support/totals.html", {"rows": rows, "summary": summary})


def _export_columns(*, masked: bool) -> list[tuple[str, Any]]:
    """The payment columns; the beneficiary's CCCD masked when ``masked``."""
    columns = [
        (gettext_lazy("Xã/phường"), lambda p: p.entry.beneficiary_list.unit.name),
        (gettext_lazy("Thôn/bản"), lambda p: p.unit.name),
        (gettext_lazy("Chính sách"), lambda p: p.programme.name),
        (gettext_lazy("Danh sách"), lambda p: p.entry.beneficiary_list.title),
        (gettext_lazy("Họ và tên"), lambda p: p.entry.full_name),
        (gettext_lazy("Số CCCD"), shown(lambda p: p.entry.national_id, mask_national_id, masked=masked)),
        (gettext_lazy("Số tiền được duyệt"), lambda p: p.entry.amount),
        (gettext_lazy("Số tiền chi"), lambda p: p.amount),
        (gettext_lazy("Ngày chi"), lambda p: f"{p.paid_on:%d/%m/%Y}"),
        (gettext_lazy("Hình thức"), lambda p: p.get_method_display()),
        (gettext_lazy("Người nhận"), lambda p: p.receiver_name),
        (gettext_lazy("Ký nhận"), lambda p: _("Có") if p.signed else ""),
        (gettext_lazy("Mã giao dịch"), lambda p: p.transfer_reference),
        (gettext_lazy("Số chứng từ"), lambda p: p.voucher_number),
    ]
    return [(str(title), value) for title, value in columns]


@scoped(perm=Perm.SUPPORT_PAY)
def payments_export(request: HttpRequest) -> StreamingHttpResponse | FileResponse:
    jurisdiction = _jurisdiction(request)
    services.payments_export(
        actor=request.user,
        jurisdiction=jurisdiction,
        unit_path=jurisdiction.prefixes[0] if jurisdiction.prefixes else "",
    )
    rows = selectors.payment_export_rows(jurisdiction=jurisdiction).iterator(chunk_size=2000)
    columns = _export_columns(masked=not access_for(request).can(Perm.IDENTIFIERS_EXPORT))
    if request.GET.get("dinh-dang") == "xlsx":
        workbook = xlsx_file(columns, rows, sheet_name=_("Chi trả hỗ trợ"))
        return FileResponse(workbook, as_attachment=True, filename="chi-tra-ho-tro.xlsx")
    response = StreamingHttpResponse(stream_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chi-tra-ho-tro.csv"'
    return response


# The epidemic fund.


def _fund_page(request: HttpRequest, bound: dict[str, Any] | None = None) -> HttpResponse:
    access = access_for(request)
    jurisdiction, bound = access.jurisdiction, bound or {}
    context = {
        "summary": selectors.fund_summary(jurisdiction=jurisdiction),
        "donations": selectors.donations(jurisdiction=jurisdiction)[:100],
        "allocations": selectors.allocations(jurisdiction=jurisdiction)[:100],
        "spendings": selectors.spendings(jurisdiction=jurisdiction)[:100],
        "can_manage": access.can(Perm.FUND_MANAGE),
        "public_units": selectors.fund_units(jurisdiction=jurisdiction)[:1],
        "donation_form": bound.get("donation_form") or DonationForm(jurisdiction=jurisdiction),
        "allocation_form": bound.get("allocation_form") or AllocationForm(jurisdiction=jurisdiction),
        "spending_form": bound.get("spending_form") or SpendingForm(jurisdiction=jurisdiction),
    }
    return render(request, "support/fund.html", context)


@scoped(perm=Perm.SUPPORT_VIEW)
def fund(request: HttpRequest) -> HttpResponse:
    return _fund_page(request)


def _fund_post(
    request: HttpRequest, form: Any, slot: str, save: Callable[[dict[str, Any]], str]
) -> HttpResponse:
    if request.method != "POST":
        return redirect("support:fund")
    if form.is_valid():
        try:
            done = save(dict(form.cleaned_data))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect("support:fund")
    return _fund_page(request, {slot: form})


def _unit_fund_post(
    request: HttpRequest, form_class: type[Any], slot: str, record: Callable[..., Any], done: str
) -> HttpResponse:
    """A donation or an allocation: a fund unit of the caller's area and the rest of the form."""
    jurisdiction = _jurisdiction(request)

    def save(data: dict[str, Any]) -> str:
        unit = data.pop("unit")
        record(actor=request.user, jurisdiction=jurisdiction, unit=unit, data=data)
        return done

    return _fund_post(request, form_class(request.POST or None, jurisdiction=jurisdiction), slot, save)


@scoped(perm=Perm.FUND_MANAGE)
def donation_add(request: HttpRequest) -> HttpResponse:
    return _unit_fund_post(
        request, DonationForm, "donation_form", services.donation_record, _("Đã ghi nhận ủng hộ.")
    )


@scoped(perm=Perm.FUND_MANAGE)
def allocation_add(request: HttpRequest) -> HttpResponse:
    return _unit_fund_post(
        request, AllocationForm, "allocation_form", services.allocation_record, _("Đã ghi phân bổ.")
    )


@scoped(perm=Perm.FUND_MANAGE)
def spending_add(request: HttpRequest) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    form = SpendingForm(request.POST or None, request.FILES or None, jurisdiction=jurisdiction)

    def save(data: dict[str, Any]) -> str:
        upload = data.pop("attachment")
        allocation = data.pop("allocation")
        services.spending_record(
            actor=request.user,
            allocation=allocation,
            data=data,
            attachment_name=upload.name if upload else "",
            attachment=upload.read(services.ATTACHMENT_MAX_BYTES + 1) if upload else b"",
        )
        return _("Đã ghi khoản chi.")

    return _fund_post(request, form, "spending_form", save)


@scoped(perm=Perm.SUPPORT_VIEW)
def spending_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    spending = selectors.spending_get(jurisdiction=_jurisdiction(request), pk=pk)
    if not spending.attachment_name:
        raise Http404
    response = HttpResponse(bytes(spending.attachment), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="chung-tu-{spending.pk}"'
    return response


@public
def fund_public(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Anyone may see where the fund's money went: totals per purpose, never a donor who is a person."""
    unit = selectors.public_fund_unit(pk=unit_id)
    if unit is None:
        raise Http404
    summary = selectors.fund_summary(jurisdiction=Jurisdiction.of([unit.path]))
    return render(request, "support/fund_public.html", {"unit": unit, "summary": summary})
