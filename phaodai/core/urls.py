from django.urls import path

from phaodai.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", views.audit_list, name="audit"),
    path("healthz", views.health, name="health"),
]
