from django.urls import path

from phaodai.cases import views
from phaodai.cases.worklist_urls import worklist_urlpatterns

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("moi/", views.case_register, name="register"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/chuyen/", views.case_transfer, name="transfer"),
    path("<int:pk>/khang-dinh/", views.case_confirm, name="confirm"),
    path("<int:pk>/ket-thuc/", views.case_close, name="close"),
    path("<int:pk>/o-dich/", views.case_assign_cluster, name="assign_cluster"),
    path("o-dich/", views.cluster_list, name="clusters"),
    path("o-dich/moi/", views.cluster_create, name="cluster_create"),
    path("o-dich/<int:pk>/", views.cluster_detail, name="cluster"),
    path("o-dich/<int:pk>/trang-thai/", views.cluster_status, name="cluster_status"),
    # --- Monitoring and escalation pages (worklist_views.py, another engineer's): add below this line. ---
]
urlpatterns += worklist_urlpatterns
