from django.urls import path

from phaodai.checkpoints import views, views_transport

app_name = "checkpoints"
urlpatterns = [
    path("", views.checkpoint_index, name="list"),
    path("moi/", views.checkpoint_new, name="create"),
    path("<int:pk>/", views.checkpoint_today, name="today"),
    path("<int:pk>/qua-chot/", views.passage_new, name="passage_new"),
    path("<int:pk>/ca-truc/", views.shift_new, name="shift_new"),
    path("<int:pk>/dong/", views.checkpoint_close, name="close"),
    path("<int:pk>/trung-chuyen/", views.handover_new, name="handover_new"),
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("nguoi-den/", views.arrivals, name="arrivals"),
    path("nguoi-den/nhap/", views.arrivals_import, name="arrivals_import"),
    path("nguoi-den/<int:pk>/dong/", views.follow_up_close, name="follow_up_close"),
    path("vung-dich/", views.zone_index, name="zones"),
    path("vung-dich/<int:pk>/ket-thuc/", views.zone_end, name="zone_end"),
    path("van-tai/", views.transport_index, name="transport"),
    path("van-tai/doanh-nghiep/", views_transport.company_index, name="companies"),
    path("van-tai/doanh-nghiep/moi/", views_transport.company_new, name="company_new"),
    path("van-tai/doanh-nghiep/<int:pk>/", views_transport.company_detail, name="company"),
    path("van-tai/doanh-nghiep/<int:pk>/xe/", views_transport.vehicle_new, name="vehicle_new"),
    path("van-tai/doanh-nghiep/<int:pk>/lai-xe/", views_transport.crew_new, name="crew_new"),
    path("van-tai/doanh-nghiep/<int:pk>/lo-trinh/", views_transport.route_new, name="route_new"),
    path("van-tai/doanh-nghiep/<int:pk>/sua/", views_transport.company_edit, name="company_edit"),
    path("van-tai/doanh-nghiep/<int:pk>/ngung/", views_transport.company_retire, name="company_retire"),
    path("van-tai/xe/<int:pk>/sua/", views_transport.vehicle_edit, name="vehicle_edit"),
    path("van-tai/xe/<int:pk>/ngung/", views_transport.vehicle_retire, name="vehicle_retire"),
    path("van-tai/lai-xe/<int:pk>/sua/", views_transport.crew_edit, name="crew_edit"),
    path("van-tai/lai-xe/<int:pk>/ngung/", views_transport.crew_retire, name="crew_retire"),
    path("van-tai/lo-trinh/<int:pk>/sua/", views_transport.route_edit, name="route_edit"),
    path("van-tai/lo-trinh/<int:pk>/ngung/", views_transport.route_retire, name="route_retire"),
]
