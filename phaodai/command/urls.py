from django.urls import path

from phaodai.command import views

app_name = "command"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cap-do/", views.risk_levels, name="risk_levels"),
    path("cap-do/danh-gia/", views.risk_assess, name="risk_assess"),
    path("cap-do/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/moi/", views.report_new, name="report_new"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/duyet/", views.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/ban-hanh/", views.report_issue, name="report_issue"),
    path("bao-cao/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("bao-cao/<int:pk>/excel/", views.report_xlsx, name="report_xlsx"),
    path("ban-do/", views.boundaries, name="boundaries"),
]
