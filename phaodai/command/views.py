"""The command center's pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped


@scoped(perm=Perm.COMMAND_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "command/dashboard.html", {})
