from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from phaodai.accounts.forms import LoginForm
from phaodai.core.policies import public, signed_in


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
