from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from phaodai.accounts.forms import LoginForm
from phaodai.core.policies import public, signed_in


@public
def login(request: HttpRequest) -> HttpResponse:
    view = auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm,
                                        redirect_authenticated_user=True)
    return view(request)


@signed_in
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    return auth_views.LogoutView.as_view()(request)


@public
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (Vietnamese by default, English available)."""
    return set_language(request)
