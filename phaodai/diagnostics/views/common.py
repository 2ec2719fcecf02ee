"""What the testing pages share: finding the person an id names, and the POST-redirect-GET flow."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.people.forms import DomainErrorsForm
from phaodai.people.models import Person
from phaodai.people.selectors import person_get


def person_named(request: HttpRequest, pk: int) -> Person:
    """The person an id typed on a form names, in the user's area; else a refusal on the field."""
    try:
        return person_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    except Http404 as exc:
        raise DomainError(
            _("Không có người mang mã %(id)s trong địa bàn bạn quản lý.") % {"id": pk}, field="person"
        ) from exc


def saved(
    request: HttpRequest, form: DomainErrorsForm, save: Callable[[], Any], done: Callable[[Any], str]
) -> Any:
    """Run a service on a valid posted form; its refusal goes on the form's fields. Returns what the
    service returned (after a success message from ``done``), or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, done(result))
    return result


def form_page(
    request: HttpRequest,
    form: DomainErrorsForm,
    *,
    save: Callable[[], Any],
    done: Callable[[Any], str],
    then: Callable[[Any], str],
    title: str,
    back: str,
    **extra: Any,
) -> HttpResponse:
    """A create page: the form, or after a successful POST a redirect to ``then(row)``."""
    if (row := saved(request, form, save, done)) is not None:
        return redirect(then(row))
    return render(
        request,
        "diagnostics/form.html",
        {"form": form, "title": title, "submit": _("Lưu"), "back": back, **extra},
    )
