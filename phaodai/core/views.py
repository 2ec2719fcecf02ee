from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.home import counters
from phaodai.core.models import AuditAction
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import public, scoped, signed_in
from phaodai.core.selectors import audit_events


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    return render(
        request,
        "core/home.html",
        {
            "access": access,
            "counters": counters(access),
            "today": clock.today(),
            # The user's organisation names their area the way they know it ("Trạm Y tế xã Dào San").
            "organisation": getattr(request.user, "organisation", None),
        },
    )


@scoped(perm=Perm.AUDIT_VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    """Who changed or viewed which record: the access log the Personal Data Protection Law asks for."""
    action = request.GET.get("action", "")
    events = audit_events(jurisdiction=access_for(request).jurisdiction, action=action)
    page = CappedPaginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "actions": AuditAction.choices,
            "action": action,
            "query_prefix": query_prefix(request),
        },
    )


@public
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
