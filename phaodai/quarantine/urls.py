from django.urls import path

from phaodai.quarantine import views

app_name = "quarantine"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("moi/", views.order_create, name="create"),
    path("moi-f0/", views.order_create_f0, name="create_f0"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/ket-thuc/", views.order_release, name="release"),
    path("<int:pk>/huy/", views.order_cancel, name="cancel"),
    path("<int:pk>/quyet-dinh.pdf", views.order_decision_pdf, name="decision_pdf"),
    path("<int:pk>/giay-chung-nhan.pdf", views.order_certificate_pdf, name="certificate_pdf"),
]
