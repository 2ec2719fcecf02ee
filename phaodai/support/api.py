"""Programmes, lists (read), payments (read and record) over the API: the same selectors (scoped) and
services (the rules, audited) as the pages. Lists and payments filter by ``?unit=`` and
``?from=``/``?to=``; programmes (national, of no place) by ``?from=``/``?to=`` on their start."""

from django.db.models import Model, QuerySet
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.permissions import Perm
from phaodai.geo.api import ScopedViewSet
from phaodai.support import selectors, services
from phaodai.support.models import Beneficiary, BeneficiaryList, Payment, Programme
from phaodai.support.reference import PaymentMethod


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    needs_checking = serializers.BooleanField(read_only=True)

    class Meta:
        model = Programme
        fields = (
            "id", "code", "name", "legal_basis", "group", "eligibility", "basis", "amount", "max_days",
            "max_age", "period_start", "period_end", "paying_body", "status", "needs_checking", "excludes",
            "active",
        )  # fmt: skip
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer[Beneficiary]):
    class Meta:
        model = Beneficiary
        fields = (
            "id", "person", "full_name", "national_id", "birth_year", "days", "known_days", "amount",
            "status", "removed_reason", "unit", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class ListSerializer(serializers.ModelSerializer[BeneficiaryList]):
    entry_count = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = BeneficiaryList
        fields = (
            "id", "programme", "title", "period_start", "period_end", "status", "unit", "unit_path",
            "entry_count", "total", "created_at",
        )  # fmt: skip
        read_only_fields = fields


class ListDetailSerializer(ListSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta(ListSerializer.Meta):
        fields = (*ListSerializer.Meta.fields, "entries")  # type: ignore[assignment]
        read_only_fields = fields  # type: ignore[assignment]


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    class Meta:
        model = Payment
        fields = (
            "id", "entry", "programme", "amount", "paid_on", "method", "receiver_name", "signed",
            "transfer_reference", "voucher_number", "unit", "unit_path", "recorded_at",
        )  # fmt: skip
        read_only_fields = fields


class PaymentInputSerializer(serializers.Serializer[Payment]):
    entry = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1)
    paid_on = serializers.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    receiver_name = serializers.CharField(max_length=120)
    signed = serializers.BooleanField(default=False)
    transfer_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    voucher_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class _Scoped[M: Model](ScopedViewSet[M]):
    required_perm = Perm.SUPPORT_VIEW


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped[Programme]):
    """The programmes (national rules, placed nowhere: no ``?unit=``)."""

    serializer_class = ProgrammeSerializer
    placed = False
    date_field = "period_start"

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list()


class SupportListViewSet(mixins.ListModelMixin, _Scoped[BeneficiaryList]):
    """Lists in the caller's area; ``?status=``, ``?from=``/``?to=`` on the first day of the period they
    cover; one list with its lines at ``/<id>/``."""

    serializer_class = ListSerializer
    date_field = "period_start"

    def get_queryset(self) -> QuerySet[BeneficiaryList]:
        status_filter = self.request.query_params.get("status", "")
        return selectors.list_list(jurisdiction=self._jurisdiction(), status=status_filter)

    def retrieve(self, request: Request, pk: int) -> Response:
        blist = selectors.list_get(jurisdiction=self._jurisdiction(), pk=pk)
        blist.entry_count = blist.entries.count()  # type: ignore[attr-defined]
        blist.total = None  # type: ignore[attr-defined]
        return Response(ListDetailSerializer(blist).data)


class SupportPaymentViewSet(mixins.ListModelMixin, _Scoped[Payment]):
    """Payments in the caller's area (``?from=``/``?to=`` on the day paid); POST records one (never above
    the approved amount left)."""

    serializer_class = PaymentSerializer
    write_perm = Perm.SUPPORT_PAY
    date_field = "paid_on"

    def get_queryset(self) -> QuerySet[Payment]:
        return selectors.payments(jurisdiction=self._jurisdiction())

    def create(self, request: Request) -> Response:
        data = PaymentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        entry = selectors.entry_get(jurisdiction=self._jurisdiction(), pk=fields.pop("entry"))
        payment = services.payment_record(actor=request.user, entry=entry, **fields)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)
