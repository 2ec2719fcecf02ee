from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from phaodai.accounts import selectors
from phaodai.accounts.forms import LoginForm
from phaodai.accounts.models import OrganisationKind
from phaodai.core.access import access_for
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import public, scoped, signed_in


@public
def login(request: HttpRequest) -> HttpResponseBase:
    view = auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
    return view(request)


@signed_in
@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)


@public
@require_POST
def language(request: HttpRequest) -> HttpResponseBase:
    """Switch the interface language (Vietnamese by default, English available)."""
    return set_language(request)


@scoped(perm=Perm.ORGANISATIONS_VIEW)
def organisation_list(request: HttpRequest) -> HttpResponseBase:
    """The organisations working in the user's jurisdiction, filterable by kind."""
    kind = request.GET.get("kind", "")
    organisations = selectors.organisation_list(jurisdiction=access_for(request).jurisdiction, kind=kind)
    page = CappedPaginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "query_prefix": query_prefix(request),
        },
    )
