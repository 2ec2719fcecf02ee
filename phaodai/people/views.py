from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.people import selectors, services
from phaodai.people.exports import person_csv
from phaodai.people.forms import PersonForm
from phaodai.people.identity import national_id_warnings
from phaodai.people.models import ReviewDecision
from phaodai.people.reference import Comorbidity, ethnicities
from phaodai.people.services import SimilarPersonError

PAGE_SIZE = 25


@scoped(perm=Perm.PEOPLE_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(jurisdiction=access_for(request).jurisdiction, query=query)
    page = CappedPaginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "people/person_list.html#results" if request.headers.get("HX-Request") else "people/person_list.html"
    )
    return render(
        request,
        template,
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
    jurisdiction = access_for(request).jurisdiction
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(jurisdiction=jurisdiction, query=query)
    services.persons_export(actor=request.user, jurisdiction=jurisdiction, persons=persons, query=query)
    return _csv_download(person_csv(persons.iterator(chunk_size=2000)), "nguoi-dan.csv")


@scoped(perm=Perm.PEOPLE_EXPORT)
def person_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """One person's record as CSV (a data subject's request, a transfer to another unit)."""
    person = selectors.person_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    services.person_record_export(actor=request.user, person=person)
    return _csv_download(person_csv([person]), f"nguoi-dan-{person.pk}.csv")


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


@scoped(perm=Perm.PEOPLE_VIEW)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    household = selectors.household_get(jurisdiction=jurisdiction, pk=pk)
    members = selectors.household_members(jurisdiction=jurisdiction, household=household)
    return render(request, "people/household_detail.html", {"household": household, "members": members})
