from typing import cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from phaodai.accounts import selectors, services
from phaodai.accounts.forms import (
    LoginForm,
    OrganisationForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
)
from phaodai.accounts.models import OrganisationKind, User
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
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
            "can_manage": access_for(request).can(Perm.ORGANISATIONS_MANAGE),
        },
    )


def _actor(request: HttpRequest) -> User:
    """The signed-in administrator (the policy marker has already turned anonymous visitors away)."""
    return cast(User, request.user)


@scoped(perm=Perm.ORGANISATIONS_MANAGE)
def organisation_create(request: HttpRequest) -> HttpResponseBase:
    jurisdiction = access_for(request).jurisdiction
    form = OrganisationForm(request.POST if request.method == "POST" else None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=_actor(request),
                jurisdiction=jurisdiction,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã thêm tổ chức «%(name)s».") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@scoped(perm=Perm.ORGANISATIONS_MANAGE)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    jurisdiction = access_for(request).jurisdiction
    organisation = selectors.organisation_get(jurisdiction=jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = OrganisationForm(
        request.POST if posted else None,
        jurisdiction=jurisdiction,
        organisation=organisation,
        initial=OrganisationForm.initial_from(organisation),
    )
    if posted and form.is_valid():
        try:
            services.organisation_update(
                actor=_actor(request),
                jurisdiction=jurisdiction,
                organisation=organisation,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lưu tổ chức «%(name)s».") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


USER_PAGE_SIZE = 50


@scoped(perm=Perm.USERS_MANAGE)
def user_list(request: HttpRequest) -> HttpResponseBase:
    """Accounts of the organisations the administrator manages, searchable by login or full name."""
    query = request.GET.get("q", "")[:100]
    users = selectors.user_list(jurisdiction=access_for(request).jurisdiction, query=query)
    page = CappedPaginator(users, USER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "accounts/user_list.html",
        "results",
        {"page": page, "query": query, "query_prefix": query_prefix(request), "now": timezone.now()},
    )


@scoped(perm=Perm.USERS_MANAGE)
def user_create(request: HttpRequest) -> HttpResponseBase:
    jurisdiction = access_for(request).jurisdiction
    form = UserCreateForm(request.POST if request.method == "POST" else None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password_confirm")
        try:
            user = services.user_create(actor=_actor(request), jurisdiction=jurisdiction, **data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã tạo tài khoản «%(username)s».") % {"username": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@scoped(perm=Perm.USERS_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    jurisdiction = access_for(request).jurisdiction
    account = selectors.user_get(jurisdiction=jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = UserEditForm(
        request.POST if posted else None,
        jurisdiction=jurisdiction,
        initial=UserEditForm.initial_from(account),
    )
    if posted and form.is_valid():
        try:
            services.user_update(
                actor=_actor(request),
                jurisdiction=jurisdiction,
                user=account,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lưu tài khoản «%(username)s».") % {"username": account.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@scoped(perm=Perm.USERS_MANAGE)
def user_password(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The administrator sets a new password (to hand over in person) and lifts any lockout."""
    jurisdiction = access_for(request).jurisdiction
    account = selectors.user_get(jurisdiction=jurisdiction, pk=pk)
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=_actor(request),
                jurisdiction=jurisdiction,
                user=account,
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if account.pk == request.user.pk:  # a new password ends the other sessions, not this one
                update_session_auth_hash(request, account)
            messages.success(
                request,
                _("Đã đặt mật khẩu mới cho «%(username)s» và gỡ khoá đăng nhập (nếu có).")
                % {"username": account.username},
            )
            return redirect("accounts:users")
    return render(
        request, "accounts/user_password.html", {"form": form, "account": account, "now": timezone.now()}
    )
