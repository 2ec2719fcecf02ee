from django.urls import path

from phaodai.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("nhap/", views.ingest, name="ingest"),
    path("nhap/xac-nhan/", views.ingest_confirm, name="ingest_confirm"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/tep/", views.directive_file, name="file"),
    path("hop-thu/", views.inbox, name="inbox"),
    path("hop-thu/da-doc/", views.notifications_read, name="notifications_read"),
    path("qua-han/", views.overdue, name="overdue"),
    path("sap-den-han/", views.due_soon, name="due_soon"),
    path("nhiem-vu/<int:pk>/", views.assignment_detail, name="assignment"),
    path("nhiem-vu/<int:pk>/ket-thuc/", views.assignment_close, name="assignment_close"),
    path("bao-cao/<int:pk>/tep/", views.report_file, name="report_file"),
    path("tuan-thu/", views.compliance, name="compliance"),
]
