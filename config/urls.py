"""Root URL map: each app mounts its own namespaced urls; the API lives under /api/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.permissions import AllowAny

from phaodai.core.policies import public

urlpatterns = [
    path("", include("phaodai.core.urls")),
    path("tai-khoan/", include("phaodai.accounts.urls")),
    path("nguoi-dan/", include("phaodai.people.urls")),
    path("don-vi/", include("phaodai.geo.urls")),
    path("co-so/", include("phaodai.facilities.urls")),
    path("ca-benh/", include("phaodai.cases.urls")),
    path("tiep-xuc/", include("phaodai.contacts.urls")),
    path("cach-ly/", include("phaodai.quarantine.urls")),
    path("kho/", include("phaodai.inventory.urls")),
    path("xet-nghiem/", include("phaodai.diagnostics.urls")),
    path("tiem-chung/", include("phaodai.vaccination.urls")),
    path("chi-dao/", include("phaodai.directives.urls")),
    path("ho-tro/", include("phaodai.support.urls")),
    path("nhap-du-lieu/", include("phaodai.imports.urls")),
    path("san-sang/", include("phaodai.readiness.urls")),
    path("chot-kiem-soat/", include("phaodai.checkpoints.urls")),
    path("chi-huy/", include("phaodai.command.urls")),
    path("xuat-danh-sach/", include("phaodai.exports.urls")),
    path("api/token/", public(obtain_auth_token), name="api-token"),
    path("api/", include("config.api_urls")),
    # The schema describes endpoints, never data: readable without signing in.
    path("api/schema/", public(SpectacularAPIView.as_view(permission_classes=[AllowAny])), name="api-schema"),
]
