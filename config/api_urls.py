"""The REST API: one router, each app registers its viewsets here."""

from rest_framework.routers import SimpleRouter

from phaodai.accounts.api import OrganisationViewSet
from phaodai.cases.api import CaseViewSet, ClusterViewSet, EscalationViewSet, MonitoringEntryViewSet
from phaodai.checkpoints.api import (
    CheckpointViewSet,
    FollowUpViewSet,
    HandoverViewSet,
    PassageViewSet,
    ZoneViewSet,
)
from phaodai.command.api import DailyFiguresViewSet, RiskLevelViewSet
from phaodai.contacts.api import ContactViewSet, ExposureViewSet
from phaodai.diagnostics.api import (
    EnterpriseViewSet,
    PoolViewSet,
    ResultViewSet,
    RoundViewSet,
    SampleViewSet,
    ShiftViewSet,
)
from phaodai.directives.api import AssignmentViewSet, DirectiveViewSet, ReportViewSet
from phaodai.facilities.api import FacilityViewSet, StayViewSet
from phaodai.geo.api import UnitViewSet
from phaodai.interop.api import FhirImmunizationViewSet, FhirPersonViewSet
from phaodai.inventory.api import BalanceViewSet, MovementViewSet
from phaodai.people.api import HouseholdViewSet, PersonViewSet
from phaodai.quarantine.api import OrderViewSet
from phaodai.readiness.api import ReadinessSummaryViewSet, StaffingViewSet, TeamViewSet
from phaodai.support.api import ProgrammeViewSet, SupportListViewSet, SupportPaymentViewSet
from phaodai.vaccination.api import CoverageViewSet, DoseViewSet, DueViewSet, SessionViewSet

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
router.register("samples", SampleViewSet, basename="sample")
router.register("results", ResultViewSet, basename="result")
router.register("pools", PoolViewSet, basename="pool")
router.register("testing-rounds", RoundViewSet, basename="testing-round")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("shifts", ShiftViewSet, basename="shift")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("directive-tasks", AssignmentViewSet, basename="directive-task")
router.register("progress-reports", ReportViewSet, basename="progress-report")
router.register("stock-balances", BalanceViewSet, basename="stock-balance")
router.register("stock-movements", MovementViewSet, basename="stock-movement")
router.register("vaccination-doses", DoseViewSet, basename="vaccination-dose")
router.register("vaccination-sessions", SessionViewSet, basename="vaccination-session")
router.register("vaccination-coverage", CoverageViewSet, basename="vaccination-coverage")
router.register("vaccination-due", DueViewSet, basename="vaccination-due")
router.register("readiness-summary", ReadinessSummaryViewSet, basename="readiness-summary")
router.register("readiness-staffing", StaffingViewSet, basename="readiness-staffing")
router.register("readiness-teams", TeamViewSet, basename="readiness-team")
router.register("support-programmes", ProgrammeViewSet, basename="support-programme")
router.register("support-lists", SupportListViewSet, basename="support-list")
router.register("support-payments", SupportPaymentViewSet, basename="support-payment")
router.register("checkpoints", CheckpointViewSet, basename="checkpoint")
router.register("passages", PassageViewSet, basename="passage")
router.register("arrival-follow-ups", FollowUpViewSet, basename="arrival-follow-up")
router.register("zones", ZoneViewSet, basename="zone")
router.register("handovers", HandoverViewSet, basename="handover")
router.register("risk-levels", RiskLevelViewSet, basename="risk-level")
router.register("daily-figures", DailyFiguresViewSet, basename="daily-figures")
router.register("fhir-persons", FhirPersonViewSet, basename="fhir-person")
router.register("fhir-immunizations", FhirImmunizationViewSet, basename="fhir-immunization")

urlpatterns = router.urls
