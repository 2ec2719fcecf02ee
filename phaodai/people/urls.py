from django.urls import path

from phaodai.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("moi/", views.person_create, name="create"),
    path("xuat/", views.person_list_export, name="export_list"),
    path("<int:pk>/xuat/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/sua/", views.person_edit, name="edit"),
    path("<int:pk>/xoa/", views.person_delete, name="delete"),
    path("ho/<int:pk>/", views.household_detail, name="household"),
    path("nghi-trung/", views.duplicate_list, name="duplicates"),
    path("nghi-trung/<int:pk>/xu-ly/", views.duplicate_resolve, name="duplicate_resolve"),
]
