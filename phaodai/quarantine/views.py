"""The order pages: thin adapters over the selectors and services."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.cases.selectors import case_get
from phaodai.contacts.selectors import contact_get
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.decree30 import render_pdf
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.people.selectors import person_get, person_list
from phaodai.quarantine import certificate, plans, selectors, services
from phaodai.quarantine.forms import CancelForm, F0IssueForm, F1IssueForm, ReleaseForm
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderStatus

PAGE_SIZE = 25
PICKER_SIZE = 20
ALL = "all"
STATUS_FILTERS = [*OrderStatus.choices, (ALL, gettext_lazy("Tất cả"))]
DUE_FILTERS = [
    ("", gettext_lazy("Mọi ngày")),
    (selectors.TESTS_TODAY, gettext_lazy("Cần xét nghiệm hôm nay")),
    (selectors.RELEASE_DUE, gettext_lazy("Đến hoặc quá ngày kết thúc")),
]


@dataclass(frozen=True)
class OrderRow:
    order: Order
    schedule: plans.Schedule


@scoped(perm=Perm.CASES_VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    """Orders of the jurisdiction, active ones nearest their end first; filters by status, kind, due."""
    access = access_for(request)
    today = clock.today()
    status = request.GET.get("trang-thai", OrderStatus.ACTIVE)
    due = request.GET.get("loc", "")
    kind = request.GET.get("loai", "")
    orders = selectors.order_list(
        jurisdiction=access.jurisdiction,
        today=today,
        status=None if status == ALL else status,
        due=due,
        kind=kind or None,
    )
    page = CappedPaginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [OrderRow(order, plans.schedule(order, today=today)) for order in page.object_list]
    return render_page(
        request,
        "quarantine/order_list.html",
        "results",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "due": due,
            "kind": kind,
            "statuses": STATUS_FILTERS,
            "dues": DUE_FILTERS,
            "kinds": OrderKind.choices,
            "query_prefix": query_prefix(request),
            "can_issue": access.can(Perm.ORDERS_ISSUE),
        },
    )


@scoped(perm=Perm.CASES_VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    order = selectors.order_get(jurisdiction=access.jurisdiction, pk=pk)
    services.order_record_view(actor=request.user, order=order)
    context = {
        "order": order,
        "person": order.person,
        "schedule": plans.schedule(order, today=clock.today()),
        "can_issue": access.can(Perm.ORDERS_ISSUE),
        "can_view_people": access.can(Perm.PEOPLE_VIEW),
        "active": order.status == OrderStatus.ACTIVE,
        "released": order.status == OrderStatus.RELEASED,
    }
    return render(request, "quarantine/order_detail.html", context)


def _person_picker(request: HttpRequest) -> HttpResponse:
    """No person chosen yet: find them in the registry of the jurisdiction."""
    query = request.GET.get("q", "")[:100]
    found = person_list(jurisdiction=access_for(request).jurisdiction, query=query) if query.strip() else None
    return render(
        request,
        "quarantine/order_pick.html",
        {"query": query, "found": list(found[:PICKER_SIZE]) if found is not None else None},
    )


def _issued(request: HttpRequest, order: Order) -> HttpResponse:
    messages.success(
        request,
        _("Đã ra quyết định cách ly %(days)s ngày (đến hết ngày %(end)s) theo %(rules)s.")
        % {
            "days": plans.day_number(order.start_date, order.end_date),
            "end": f"{order.end_date:%d/%m/%Y}",
            "rules": order.rules.code,
        },
    )
    return redirect("quarantine:detail", pk=order.pk)


@scoped(perm=Perm.ORDERS_ISSUE)
def order_create(request: HttpRequest) -> HttpResponse:
    """Quarantine an F1: from a traced contact (``?contact=<id>``) or a person (``?person=<id>``)."""
    if not (request.GET.get("contact") or request.GET.get("person")):
        return _person_picker(request)
    jurisdiction = access_for(request).jurisdiction
    today = clock.today()
    contact = None
    if request.GET.get("contact"):
        contact = contact_get(jurisdiction=jurisdiction, pk=request.GET["contact"])
        person = contact.person
    else:
        person = person_get(jurisdiction=jurisdiction, pk=request.GET["person"])
    initial = {"start_date": contact.last_exposure_date if contact else today, "vaccine_doses": 0}
    posted = request.method == "POST"
    form = F1IssueForm(
        request.POST if posted else None, jurisdiction=jurisdiction, today=today, initial=initial
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_issue_f1(
                actor=request.user,
                jurisdiction=jurisdiction,
                contact=contact,
                person=person,
                start_date=data["start_date"],
                place=data["place"],
                facility=data["facility"],
                address=data["address"],
                vaccine_doses=data["vaccine_doses"] or 0,
                last_dose_date=data["last_dose_date"],
                recovered_on=data["recovered_on"],
                number=data["number"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _issued(request, order)
    context = {
        "form": form,
        "person": person,
        "contact": contact,
        "kind": OrderKind.F1_QUARANTINE,
        "rules": selectors.f1_rules_on(person=person, on=today),
    }
    return render(request, "quarantine/order_form.html", context)


@scoped(perm=Perm.ORDERS_ISSUE)
def order_create_f0(request: HttpRequest) -> HttpResponse:
    """Isolate an open case (``?case=<id>``) for the days of the release rule in force."""
    jurisdiction = access_for(request).jurisdiction
    case = case_get(jurisdiction=jurisdiction, pk=request.GET.get("case"))
    today = clock.today()
    posted = request.method == "POST"
    form = F0IssueForm(
        request.POST if posted else None,
        jurisdiction=jurisdiction,
        today=today,
        initial={
            "start_date": case.sample_date or case.report_date,
            "place": "facility" if case.facility_id else "home",
            "facility": case.facility_id,
        },
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_issue_f0(
                actor=request.user,
                jurisdiction=jurisdiction,
                case=case,
                start_date=data["start_date"],
                place=data["place"],
                facility=data["facility"],
                address=data["address"],
                number=data["number"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _issued(request, order)
    context = {"form": form, "person": case.person, "case": case, "kind": OrderKind.F0_ISOLATION}
    return render(request, "quarantine/order_form.html", context)


Perform = Callable[[Order, Any], str]


def _order_action(
    request: HttpRequest, pk: int, *, template: str, form: Any, perform: Perform
) -> HttpResponse:
    """A change to one order from its own form: refusals show on the form, success goes to the order."""
    order = selectors.order_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            done = perform(order, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect("quarantine:detail", pk=order.pk)
    return render(request, template, {"order": order, "form": form})


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@scoped(perm=Perm.ORDERS_ISSUE)
def order_release(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(order: Order, data: dict[str, Any]) -> str:
        services.order_release(actor=request.user, order=order, **data)
        return _("Đã kết thúc cách ly ngày %(day)s.") % {"day": f"{data['released_on']:%d/%m/%Y}"}

    form = ReleaseForm(_posted(request), initial={"released_on": clock.today()})
    return _order_action(request, pk, template="quarantine/order_release.html", form=form, perform=perform)


@scoped(perm=Perm.ORDERS_ISSUE)
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(order: Order, data: dict[str, Any]) -> str:
        services.order_cancel(actor=request.user, order=order, reason=data["reason"])
        return _("Đã huỷ quyết định cách ly.")

    form = CancelForm(_posted(request))
    return _order_action(request, pk, template="quarantine/order_cancel.html", form=form, perform=perform)


# File names stay Vietnamese whatever the interface language: the documents themselves are.
_FILENAMES: dict[certificate.DocumentKind, str] = {
    certificate.DECISION: "Quyết định hoàn thành cách ly",
    certificate.CERTIFICATE: "Giấy chứng nhận hoàn thành cách ly",
}


def _document(request: HttpRequest, pk: int, kind: certificate.DocumentKind) -> HttpResponse:
    """The release document of a released order of the jurisdiction, as a PDF download (audited)."""
    order = selectors.released_order_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    pdf = render_pdf(certificate.release_document(order, kind=kind))
    services.order_document_export(actor=request.user, order=order, title=_FILENAMES[kind])
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{_FILENAMES[kind]} - {order.person.full_name}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@scoped(perm=Perm.CASES_VIEW)
def order_decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, certificate.DECISION)


@scoped(perm=Perm.CASES_VIEW)
def order_certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, certificate.CERTIFICATE)
