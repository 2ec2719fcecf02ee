"""The REST API: one router, each app registers its viewsets here."""

from rest_framework.routers import SimpleRouter

from phaodai.accounts.api import OrganisationViewSet
from phaodai.cases.api import CaseViewSet, ClusterViewSet, EscalationViewSet, MonitoringEntryViewSet
from phaodai.contacts.api import ContactViewSet, ExposureViewSet
from phaodai.facilities.api import FacilityViewSet, StayViewSet
from phaodai.geo.api import UnitViewSet
from phaodai.inventory.api import BalanceViewSet, MovementViewSet
from phaodai.people.api import HouseholdViewSet, PersonViewSet
from phaodai.quarantine.api import OrderViewSet

router = SimpleRouter(use_regex_path=False)
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("units", UnitViewSet, basename="unit")
router.register("facilities", FacilityViewSet, basename="facility")
router.register("facility-stays", StayViewSet, basename="facility-stay")
router.register("exposures", ExposureViewSet, basename="exposure")
router.register("contacts", ContactViewSet, basename="contact")
router.register("quarantine-orders", OrderViewSet, basename="quarantine-order")
router.register("cases", CaseViewSet, basename="case")
router.register("monitoring-entries", MonitoringEntryViewSet, basename="monitoring-entry")
router.register("escalations", EscalationViewSet, basename="escalation")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("stock-balances", BalanceViewSet, basename="stock-balance")
router.register("stock-movements", MovementViewSet, basename="stock-movement")

urlpatterns = router.urls
