from django.urls import path

from phaodai.command import views

app_name = "command"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
