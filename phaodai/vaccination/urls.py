from django.urls import path

from phaodai.vaccination import views

app_name = "vaccination"
urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("chi-tieu/", views.targets_page, name="targets"),
    path("nguoi/<int:pk>/", views.person, name="person"),
    path("nguoi/<int:pk>/tiem/", views.dose_add, name="dose_add"),
    path("nguoi/<int:pk>/chong-chi-dinh/", views.contraindication_add, name="contraindication_add"),
    path("ra-soat/", views.sweep, name="sweep"),
    path("ra-soat/xuat/", views.sweep_export, name="sweep_export"),
    path("buoi-tiem/", views.sessions, name="sessions"),
    path("buoi-tiem/moi/", views.session_add, name="session_add"),
    path("lo-vac-xin/", views.lots, name="lots"),
]
