"""Contact tracing pages: the 24-hour worklist, the exposure form, a case's contacts and the chain graphs."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.cases import selectors as case_selectors
from phaodai.cases.models import Cluster
from phaodai.contacts import graph, selectors, services
from phaodai.contacts.forms import ExposureForm
from phaodai.contacts.layout import COLOURS, draw
from phaodai.contacts.models import Exposure
from phaodai.contacts.reference import ContactLevel
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import is_htmx, render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.people.models import Person
from phaodai.people.selectors import person_get, person_list

PAGE_SIZE = 50
PICKER_SIZE = 20
CHAIN_LIMIT = 200


@scoped(perm=Perm.CASES_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    """Contacts not yet reached, the longest waiting (so the overdue) first, with the 24-hour target."""
    access = access_for(request)
    level = request.GET.get("muc", "")
    contacts = selectors.worklist(jurisdiction=access.jurisdiction, level=level or None)
    page = CappedPaginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "contacts/worklist.html",
        "results",
        {
            "page": page,
            "rows": selectors.contact_rows(page.object_list, jurisdiction=access.jurisdiction),
            "level": level,
            "levels": ContactLevel.choices,
            "query_prefix": query_prefix(request),
            "can_edit": access.can(Perm.CONTACTS_EDIT),
        },
    )


@scoped(perm=Perm.CONTACTS_EDIT)
@require_POST
def contact_reached(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Đã liên hệ": the row comes back for htmx; a plain form goes back to the list."""
    jurisdiction = access_for(request).jurisdiction
    contact = selectors.contact_get(jurisdiction=jurisdiction, pk=pk)
    error = ""
    try:
        services.contact_mark_reached(actor=request.user, contact=contact)
    except DomainError as refused:
        error = refused.message
    if is_htmx(request):
        row = selectors.contact_rows([contact], jurisdiction=jurisdiction)[0]
        return render(request, "contacts/worklist.html#row", {"row": row, "can_edit": True, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã ghi nhận: đã liên hệ %(name)s.") % {"name": contact.person.full_name})
    return redirect("contacts:worklist")


def _added_message(exposure: Exposure) -> str:
    names = {"contact": exposure.contact.full_name, "source": exposure.source.full_name}
    level = selectors.contact_level_of(exposure.contact)
    if level:
        return _("Đã ghi nhận: %(contact)s là %(level)s (tiếp xúc với %(source)s).") % {
            **names,
            "level": level,
        }
    return (
        _(
            "Đã ghi nhận tiếp xúc của %(contact)s với %(source)s; chưa là F1/F2 "
            "(nguồn lây chưa là F0 đang điều trị hay F1, hoặc tiếp xúc trước thời kỳ lây truyền)."
        )
        % names
    )


def _picker(request: HttpRequest) -> list[Person] | None:
    query = request.GET.get("q", "")[:100]
    if not query.strip():
        return None
    return list(person_list(jurisdiction=access_for(request).jurisdiction, query=query)[:PICKER_SIZE])


@scoped(perm=Perm.CONTACTS_EDIT)
def exposure_create(request: HttpRequest) -> HttpResponse:
    """Name a contact of a source (``?source=<person id>``); the next one can be named straight after."""
    jurisdiction = access_for(request).jurisdiction
    source_id = request.GET.get("source")
    source = person_get(jurisdiction=jurisdiction, pk=source_id) if source_id else None
    posted = request.method == "POST"
    initial = {
        "source": source.pk if source else None,
        "contact": request.GET.get("contact"),
        "last_exposure_date": clock.today(),
    }
    form = ExposureForm(request.POST if posted else None, jurisdiction=jurisdiction, initial=initial)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            exposure = services.exposure_add(actor=request.user, jurisdiction=jurisdiction, **data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _added_message(exposure))
            return redirect(f"{request.path}?source={exposure.source_id}")
    named = selectors.exposures_given(jurisdiction=jurisdiction, person=source.pk)[:100] if source else []
    context = {"form": form, "source": source, "query": request.GET.get("q", ""), "found": _picker(request)}
    return render(request, "contacts/exposure_form.html", {**context, "named": named})


@scoped(perm=Perm.CASES_VIEW)
def case_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone traced from one case: F1 and F2, with their tracing status."""
    access = access_for(request)
    case = case_selectors.case_get(jurisdiction=access.jurisdiction, pk=pk)
    contacts = selectors.contacts_of_case(jurisdiction=access.jurisdiction, case=case)
    rows = selectors.contact_rows(contacts, jurisdiction=access.jurisdiction)
    return render(
        request,
        "contacts/case_contacts.html",
        {"case": case, "rows": rows, "can_edit": access.can(Perm.CONTACTS_EDIT)},
    )


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", str(formats.get_format("THOUSAND_SEPARATOR")))


def _offset(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("offset", "0")), 0)
    except ValueError:
        return 0


def _chain_page(request: HttpRequest, subject: Person | Cluster, chain: graph.ChainGraph) -> HttpResponse:
    services.chain_record_view(actor=request.user, subject=subject, shown=chain.shown)
    context: dict[str, Any] = {
        "subject": subject,
        "is_cluster": isinstance(subject, Cluster),
        "graph": chain,
        "drawing": draw(chain),
        "colours": COLOURS,
        "shown": _grouped(chain.shown),
        "total": _grouped(chain.total),
        "hidden": _grouped(chain.hidden),
    }
    return render(request, "contacts/chain.html", context)


@scoped(perm=Perm.CASES_VIEW)
def chain(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's transmission chain, drawn in the page; people outside the jurisdiction only counted."""
    jurisdiction = access_for(request).jurisdiction
    person = person_get(jurisdiction=jurisdiction, pk=pk)
    found = graph.chain_of(person, jurisdiction=jurisdiction, limit=CHAIN_LIMIT, offset=_offset(request))
    return _chain_page(request, person, found)


@scoped(perm=Perm.CASES_VIEW)
def cluster_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """The chains of a cluster's cases, drawn in the page."""
    jurisdiction = access_for(request).jurisdiction
    cluster = case_selectors.cluster_get(jurisdiction=jurisdiction, pk=pk)
    found = graph.cluster_graph(
        cluster, jurisdiction=jurisdiction, limit=CHAIN_LIMIT, offset=_offset(request)
    )
    return _chain_page(request, cluster, found)
