from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.core.access import Access, access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import is_htmx, render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.people import households, selectors, services
from phaodai.people.exports import person_csv
from phaodai.people.forms import HouseholdForm, PersonForm
from phaodai.people.identity import national_id_warnings
from phaodai.people.models import Household, Person, ReviewDecision, commune_path
from phaodai.people.reference import Comorbidity, ethnicities
from phaodai.people.services import SimilarPersonError

PAGE_SIZE = 25


@scoped(perm=Perm.PEOPLE_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(jurisdiction=access_for(request).jurisdiction, query=query)
    page = CappedPaginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "people/person_list.html",
        "results",
        {
            "page": page,
            "query": query,
            "query_prefix": query_prefix(request),
            "can_edit": access_for(request).can(Perm.PEOPLE_EDIT),
            "can_export": access_for(request).can(Perm.PEOPLE_EXPORT),
        },
    )


def _csv_download(rows: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@scoped(perm=Perm.PEOPLE_EXPORT)
def person_list_export(request: HttpRequest) -> StreamingHttpResponse:
    """The person list as CSV, streamed: the same jurisdiction and search as the page."""
    access = access_for(request)
    jurisdiction = access.jurisdiction
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(jurisdiction=jurisdiction, query=query)
    services.persons_export(actor=request.user, jurisdiction=jurisdiction, persons=persons, query=query)
    rows = person_csv(persons.iterator(chunk_size=2000), masked=not access.can(Perm.IDENTIFIERS_EXPORT))
    return _csv_download(rows, "nguoi-dan.csv")


@scoped(perm=Perm.PEOPLE_EXPORT)
def person_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """One person's record as CSV (a data subject's request, a transfer to another unit)."""
    access = access_for(request)
    person = selectors.person_get(jurisdiction=access.jurisdiction, pk=pk)
    services.person_record_export(actor=request.user, person=person)
    rows = person_csv([person], masked=not access.can(Perm.IDENTIFIERS_EXPORT))
    return _csv_download(rows, f"nguoi-dan-{person.pk}.csv")


@scoped(perm=Perm.PEOPLE_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    person = selectors.person_get(jurisdiction=access.jurisdiction, pk=pk)
    services.person_record_view(actor=request.user, person=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "can_edit": access.can(Perm.PEOPLE_EDIT),
            "can_delete": access.can(Perm.PEOPLE_DELETE),
            "can_export": access.can(Perm.PEOPLE_EXPORT),
            "ethnicity": dict(ethnicities()).get(person.ethnicity, person.ethnicity),
            "comorbidities": [Comorbidity(c).label for c in person.comorbidities if c in Comorbidity.values],
            "warnings": national_id_warnings(
                person.national_id, sex=person.sex, birth_year=person.birth_year
            ),
        },
    )


def _save(request: HttpRequest, form: PersonForm, person: object | None) -> HttpResponse | None:
    jurisdiction = access_for(request).jurisdiction
    try:
        if person is None:
            result = services.person_create(
                actor=request.user,
                jurisdiction=jurisdiction,
                data=form.to_input(),
                confirm_distinct=form.cleaned_data["confirm_distinct"],
            )
        else:
            result = services.person_update(
                actor=request.user,
                jurisdiction=jurisdiction,
                person=person,  # type: ignore[arg-type]
                data=form.to_input(),
            )
    except SimilarPersonError as warning:
        form.add_domain_error(warning)
        form.similar = warning.matches  # type: ignore[attr-defined]
        return None
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, services.outcome_message(result.outcome))
    for warning_text in result.warnings:
        messages.warning(request, warning_text)
    if result.person is None:
        return redirect("people:list")
    return redirect("people:detail", pk=result.person.pk)


@scoped(perm=Perm.PEOPLE_EDIT)
def person_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = PersonForm(request.POST if request.method == "POST" else None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, None)):
        return response
    return render(request, "people/person_form.html", {"form": form, "person": None})


@scoped(perm=Perm.PEOPLE_EDIT)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    person = selectors.person_get(jurisdiction=jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = PersonForm(
        request.POST if posted else None, jurisdiction=jurisdiction, initial=PersonForm.initial_from(person)
    )
    if posted and form.is_valid() and (response := _save(request, form, person)):
        return response
    if not posted:  # the form shows the whole record: opening it is a view like the detail page
        services.person_record_view(actor=request.user, person=person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@scoped(perm=Perm.PEOPLE_DELETE)
@require_POST
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    services.person_delete(actor=request.user, person=person)
    messages.success(request, _("Đã xoá hồ sơ."))
    return redirect("people:list")


@scoped(perm=Perm.DUPLICATES_REVIEW)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.duplicate_reviews(jurisdiction=access_for(request).jurisdiction)
    page = CappedPaginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "people/duplicate_list.html", {"page": page, "query_prefix": query_prefix(request)}
    )


@scoped(perm=Perm.DUPLICATES_REVIEW)
@require_POST
def duplicate_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A person decides: the two records are one person (merged) or two people (both kept)."""
    review = selectors.duplicate_review_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in ReviewDecision.values:
        messages.error(request, _("Chọn «Cùng một người» hoặc «Hai người khác nhau»."))
        return redirect("people:duplicates")
    try:
        services.duplicate_resolve(actor=request.user, review=review, decision=ReviewDecision(decision))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã ghi nhận: %(decision)s.") % {"decision": ReviewDecision(decision).label}
        )
    return redirect("people:duplicates")


def _joining(request: HttpRequest, access: Access) -> Person | None:
    """The person a household is being chosen for (``?nguoi=``), if the user may add them to one."""
    pk = request.GET.get("nguoi")
    if not pk or not access.can(Perm.PEOPLE_EDIT):
        return None
    return selectors.person_get(jurisdiction=access.jurisdiction, pk=pk)


@scoped(perm=Perm.PEOPLE_VIEW)
def household_list(request: HttpRequest) -> HttpResponse:
    """The households of the jurisdiction; with ``?nguoi=``, those of that person's commune to pick from."""
    access = access_for(request)
    query = request.GET.get("q", "")[:100]
    joining = _joining(request, access)
    found = selectors.household_list(
        jurisdiction=access.jurisdiction,
        query=query,
        within=commune_path(joining.unit) if joining else "",
    )
    page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "people/household_list.html",
        "results",
        {
            "page": page,
            "query": query,
            "query_prefix": query_prefix(request),
            "can_edit": access.can(Perm.PEOPLE_EDIT),
            "joining": joining,
        },
    )


@scoped(perm=Perm.PEOPLE_EDIT)
def household_create(request: HttpRequest) -> HttpResponse:
    """The "Thêm hộ" page; with ``?nguoi=``, a household founded by that person, who becomes its head."""
    access = access_for(request)
    founder = _joining(request, access)
    initial = {"unit": founder.unit_id, "address": founder.address} if founder else {}
    form = HouseholdForm(
        request.POST if request.method == "POST" else None, jurisdiction=access.jurisdiction, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = households.household_create(
                actor=request.user,
                jurisdiction=access.jurisdiction,
                unit=form.cleaned_data["unit"],
                address=form.cleaned_data["address"],
                code=form.cleaned_data["code"],
                members=[founder] if founder else (),
                head=founder,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã tạo hộ %(household)s.") % {"household": household})
            return redirect("people:household", pk=household.pk)
    return render(request, "people/household_form.html", {"form": form, "founder": founder})


@scoped(perm=Perm.PEOPLE_VIEW)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The household and its members; for editors, a person search to add members (htmx or plain GET)."""
    access = access_for(request)
    household = selectors.household_get(jurisdiction=access.jurisdiction, pk=pk)
    can_edit = access.can(Perm.PEOPLE_EDIT)
    query = request.GET.get("q", "")[:100] if can_edit else ""
    context: dict[str, Any] = {
        "household": household,
        "can_edit": can_edit,
        "query": query,
        "candidates": selectors.household_candidates(
            jurisdiction=access.jurisdiction, household=household, query=query
        ),
    }
    if not is_htmx(request):
        context["members"] = selectors.household_members(
            jurisdiction=access.jurisdiction, household=household
        )
    return render_page(request, "people/household_detail.html", "candidates", context)


MemberChange = Callable[..., None]


def _change_member(
    request: HttpRequest, pk: int, change: MemberChange, message: Callable[[Household, Person], str]
) -> HttpResponse:
    """Apply one membership change posted from the household page (or the household chooser), then
    go back to the household page, keeping the member search the user was in."""
    jurisdiction = access_for(request).jurisdiction
    household = selectors.household_get(jurisdiction=jurisdiction, pk=pk)
    person = selectors.person_get(jurisdiction=jurisdiction, pk=request.POST.get("person"))
    done = message(household, person)  # worded from the state before the change
    try:
        change(actor=request.user, jurisdiction=jurisdiction, household=household, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    url = reverse("people:household", args=[household.pk])
    query = request.POST.get("q", "")[:100]
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@scoped(perm=Perm.PEOPLE_EDIT)
@require_POST
def household_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    head = request.POST.get("head") == "1"

    def add(**kwargs: Any) -> None:
        households.household_add_member(head=head, **kwargs)

    def message(household: Household, person: Person) -> str:
        name = {"name": person.full_name}
        if person.household_id == household.pk and not head:
            return _("%(name)s đã là thành viên của hộ này.") % name
        if head:
            return _("Đã thêm %(name)s vào hộ và đặt làm chủ hộ.") % name
        if person.household_id is not None:
            return _("Đã chuyển %(name)s từ hộ cũ sang hộ này.") % name
        return _("Đã thêm %(name)s vào hộ.") % name

    return _change_member(request, pk, add, message)


@scoped(perm=Perm.PEOPLE_EDIT)
@require_POST
def household_remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_member(
        request,
        pk,
        households.household_remove_member,
        lambda _household, person: _("Đã bỏ %(name)s khỏi hộ.") % {"name": person.full_name},
    )


@scoped(perm=Perm.PEOPLE_EDIT)
@require_POST
def household_set_head(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_member(
        request,
        pk,
        households.household_set_head,
        lambda _household, person: _("Đã đặt %(name)s làm chủ hộ.") % {"name": person.full_name},
    )
