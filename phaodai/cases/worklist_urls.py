"""The daily work pages, mounted under /ca-benh/ by ``phaodai.cases.urls`` (namespace ``cases``)."""

from django.urls import path

from phaodai.cases import worklist_views

worklist_urlpatterns = [
    path("canh-bao/", worklist_views.escalation_list, name="escalations"),
    path("canh-bao/<int:pk>/xu-ly/", worklist_views.escalation_handle, name="escalation_handle"),
    path("chua-theo-doi/", worklist_views.not_monitored, name="not_monitored"),
    path("<int:pk>/theo-doi/", worklist_views.monitoring_record, name="monitor"),
]
