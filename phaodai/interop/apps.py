from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "phaodai.interop"
    label = "interop"
    verbose_name = _("Liên thông dữ liệu (FHIR)")
