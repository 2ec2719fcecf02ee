"""The REST API: one router, each app registers its viewsets here."""

from rest_framework.routers import SimpleRouter

from phaodai.accounts.api import OrganisationViewSet
from phaodai.geo.api import UnitViewSet
from phaodai.people.api import HouseholdViewSet, PersonViewSet

router = SimpleRouter(use_regex_path=False)
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("units", UnitViewSet, basename="unit")

urlpatterns = router.urls
