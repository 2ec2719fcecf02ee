"""The daily work pages of a health station: the escalation list, the cases not yet checked today, and
the health check form, built for a phone on a slow link (one column, plain POST, no script needed).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phaodai.cases import clinical, monitoring, selectors, services, worklists
from phaodai.cases.models import Case, Escalation, MonitoringEntry
from phaodai.cases.monitoring import MonitoringInput
from phaodai.cases.reference import RiskFlag, Symptom
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import is_htmx, render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.facilities.forms import DATETIME_FORMATS, DateTimeLocalInput
from phaodai.people.forms import LabelledErrorsForm

PAGE_SIZE = 50
HISTORY_SHOWN = 3
ESCALATION_ORDERS = [
    ("risk", gettext_lazy("Nguy cơ cao trước")),
    ("waiting", gettext_lazy("Chờ lâu nhất trước")),
]
NOT_MONITORED_ORDERS = [
    ("risk", gettext_lazy("Nguy cơ cao trước")),
    ("last", gettext_lazy("Lâu chưa theo dõi nhất trước")),
]


class DecimalCommaInput(forms.TextInput):
    """Reads "37,5" as "37.5": a Vietnamese number pad types a comma."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        return value.strip().replace(",", ".") if isinstance(value, str) else value


def _reading(label: Any, *, decimal: bool = False) -> forms.Field:
    """A measurement typed on a phone's number pad; its range is the service's rule (shown on the field)."""
    if decimal:
        return forms.DecimalField(
            label=label,
            required=False,
            max_digits=4,
            decimal_places=1,
            widget=DecimalCommaInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}),
    )


class MonitoringForm(LabelledErrorsForm):
    """The health check ("Phiếu theo dõi sức khỏe"): any one reading or symptom is enough."""

    at = forms.DateTimeField(
        label=gettext_lazy("Thời điểm đo"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={
            "invalid": gettext_lazy("Thời điểm phải theo dạng dd/mm/yyyy hh:mm."),
            "required": gettext_lazy("Nhập thời điểm đo."),
        },
    )
    spo2 = _reading(gettext_lazy("SpO₂ (%)"))
    temperature = _reading(gettext_lazy("Nhiệt độ (°C)"), decimal=True)
    resp_rate = _reading(gettext_lazy("Nhịp thở (lần/phút)"))
    pulse = _reading(gettext_lazy("Mạch (lần/phút)"))
    systolic = _reading(gettext_lazy("Huyết áp tâm thu (mmHg)"))
    diastolic = _reading(gettext_lazy("Huyết áp tâm trương (mmHg)"))
    symptoms = forms.MultipleChoiceField(
        label=gettext_lazy("Triệu chứng"),
        required=False,
        choices=Symptom.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Triệu chứng không có trong danh mục.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        temperature = self.fields["temperature"]
        message = _("%(label)s phải là số, ví dụ 37,5.") % {"label": temperature.label}
        for code in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"):
            temperature.error_messages[code] = message

    def to_input(self) -> MonitoringInput:
        return MonitoringInput(**self.cleaned_data)


class HandleForm(LabelledErrorsForm):
    """What was done about a warning; that something must be written is the service's rule."""

    action = forms.CharField(
        label=gettext_lazy("Đã xử lý thế nào"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("gọi điện, đến nhà, chuyển viện...")}),
    )


def _flags(codes: list[str]) -> list[str]:
    return [str(RiskFlag(code).label) for code in codes if code in RiskFlag.values]


def _age(case: Case, today: dt.date) -> int:
    return clinical.age_on(case.person.birth_year, case.person.birth_date, today)


def waited_text(waited: dt.timedelta) -> str:
    """ "đã chờ 2 giờ 15 phút": days and hours past a day, hours and minutes below it."""
    minutes = max(int(waited.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("đã chờ %(d)s ngày %(h)s giờ") % {"d": days, "h": hours}
    if hours:
        return _("đã chờ %(h)s giờ %(m)s phút") % {"h": hours, "m": minutes}
    return _("đã chờ %(m)s phút") % {"m": minutes}


@dataclass(frozen=True)
class EscalationLine:
    """One row of the escalation list, ready to show, with its own "handled" form."""

    escalation: Escalation
    case: Case
    age: int
    flags: list[str]
    waited: str
    form: HandleForm


def _escalation_line(
    waiting: worklists.WaitingEscalation, today: dt.date, form: HandleForm | None = None
) -> EscalationLine:
    case = waiting.escalation.case
    return EscalationLine(
        escalation=waiting.escalation,
        case=case,
        age=_age(case, today),
        flags=_flags(case.risk_flags),
        waited=waited_text(waiting.waited),
        form=form or HandleForm(auto_id=f"esc-{waiting.escalation.pk}-%s"),
    )


def _escalation_page(request: HttpRequest, failed: tuple[int, HandleForm] | None = None) -> HttpResponse:
    access = access_for(request)
    order = request.GET.get("sap-xep", "risk")
    rows = worklists.escalation_list(jurisdiction=access.jurisdiction, order=order)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    forms_by_pk = {failed[0]: failed[1]} if failed else {}
    lines = [_escalation_line(row, today, forms_by_pk.get(row.escalation.pk)) for row in page.object_list]
    return render_page(
        request,
        "cases/worklist_escalations.html",
        "results",
        {
            "page": page,
            "lines": lines,
            "order": order,
            "orders": ESCALATION_ORDERS,
            "query_prefix": query_prefix(request),
            "can_handle": access.can(Perm.MONITORING_RECORD),
        },
    )


@scoped(perm=Perm.CASES_VIEW)
def escalation_list(request: HttpRequest) -> HttpResponse:
    """Cases with warning signs nobody has acted on yet: the most at risk first, or the longest waiting."""
    return _escalation_page(request)


def _handled(request: HttpRequest, escalation: Escalation) -> HttpResponse:
    if is_htmx(request):
        return render(request, "cases/worklist_escalations.html#handled", {"escalation": escalation})
    messages.success(
        request,
        _("Đã ghi nhận xử lý cảnh báo của %(name)s: %(action)s")
        % {"name": escalation.case.person.full_name, "action": escalation.action},
    )
    return redirect("cases:escalations")


def _refused(request: HttpRequest, escalation: Escalation, form: HandleForm) -> HttpResponse:
    """The form comes back with its error on the field: the row alone for htmx, else the whole list."""
    if is_htmx(request):
        waiting = worklists.WaitingEscalation(escalation, clock.now() - escalation.opened_at)
        line = _escalation_line(waiting, clock.today(), form)
        return render(request, "cases/worklist_escalations.html#row", {"line": line, "can_handle": True})
    if escalation.handled_at is not None:  # no longer listed: say it at the top
        for error in form.errors.get("action", []):
            messages.error(request, str(error))
    return _escalation_page(request, failed=(escalation.pk, form))


@scoped(perm=Perm.MONITORING_RECORD)
@require_POST
def escalation_handle(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = worklists.escalation_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = HandleForm(request.POST, auto_id=f"esc-{pk}-%s")
    if form.is_valid():
        try:
            monitoring.escalation_handle(
                actor=request.user, escalation=escalation, action=form.cleaned_data["action"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _handled(request, escalation)
    return _refused(request, escalation, form)


@dataclass(frozen=True)
class CaseLine:
    case: Case
    age: int
    flags: list[str]


@scoped(perm=Perm.CASES_VIEW)
def not_monitored(request: HttpRequest) -> HttpResponse:
    """Cases at home or at the commune station with no health check yet today, the most at risk first."""
    access = access_for(request)
    order = request.GET.get("sap-xep", "risk")
    today = clock.today()
    cases = worklists.not_monitored_today(jurisdiction=access.jurisdiction, today=today, order=order)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [CaseLine(case, _age(case, today), _flags(case.risk_flags)) for case in page.object_list]
    return render_page(
        request,
        "cases/worklist_not_monitored.html",
        "results",
        {
            "page": page,
            "lines": lines,
            "order": order,
            "orders": NOT_MONITORED_ORDERS,
            "query_prefix": query_prefix(request),
            "can_record": access.can(Perm.MONITORING_RECORD),
        },
    )


def _now_minute() -> dt.datetime:
    return clock.now().replace(second=0, microsecond=0)


def _saved_entry(request: HttpRequest, history: list[MonitoringEntry]) -> MonitoringEntry | None:
    """The entry just saved (``?phieu=<id>`` after the redirect), when it is among those shown."""
    saved = request.GET.get("phieu", "")
    return next((entry for entry in history if str(entry.pk) == saved), None)


@scoped(perm=Perm.MONITORING_RECORD)
def monitoring_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a health check; after saving, the page says which warning signs it found, if any."""
    access = access_for(request)
    case = selectors.case_get(jurisdiction=access.jurisdiction, pk=pk)
    posted = request.method == "POST"
    if not posted:  # the page shows the person's health checks: opening it is logged like the case page
        services.case_record_view(actor=request.user, case=case)
    form = MonitoringForm(request.POST if posted else None, initial={"at": _now_minute()})
    if posted and form.is_valid():
        try:
            entry = monitoring.record_monitoring(actor=request.user, case=case, data=form.to_input())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect(f"{reverse('cases:monitor', args=[case.pk])}?phieu={entry.pk}")
    history = list(worklists.monitoring_history(case=case)[:HISTORY_SHOWN])
    context = {
        "case": case,
        "age": _age(case, clock.today()),
        "flags": _flags(case.risk_flags),
        "form": form,
        "history": history,
        "saved": None if posted else _saved_entry(request, history),
        "can_view_escalations": access.can(Perm.CASES_VIEW),
    }
    return render(request, "cases/monitoring_form.html", context)
