from django.urls import path

from phaodai.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("moi/", views.facility_create, name="create"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/sua/", views.facility_edit, name="edit"),
    path("<int:pk>/dong-cua/", views.facility_close, name="close"),
    path("<int:pk>/nhan-nguoi/", views.stay_admit, name="admit"),
    path("luot/<int:pk>/cho-ra/", views.stay_discharge, name="discharge"),
]
