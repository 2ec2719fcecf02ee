from django.urls import path

from phaodai.readiness import views

app_name = "readiness"
urlpatterns = [
    path("", views.summary_page, name="summary"),
    path("don-vi/<int:pk>/", views.unit_page, name="unit"),
    path("nhan-luc/moi/", views.staffing_add, name="staffing_add"),
    path("doi/", views.teams, name="teams"),
    path("doi/moi/", views.team_add, name="team_add"),
    path("doi/<int:pk>/", views.team_page, name="team"),
    path("doi/<int:pk>/cap-phat/", views.kit_add, name="kit_add"),
    path("doi/<int:pk>/tra-lai/", views.kit_return_add, name="kit_return_add"),
    path("doi/<int:pk>/thanh-vien/", views.members_add, name="members_add"),
    path("doi/<int:pk>/giai-the/", views.team_dissolve, name="team_dissolve"),
]
