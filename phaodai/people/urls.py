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
    path("ho/", views.household_list, name="households"),
    path("ho/moi/", views.household_create, name="household_create"),
    path("ho/<int:pk>/", views.household_detail, name="household"),
    path("ho/<int:pk>/them-nguoi/", views.household_add_member, name="household_add"),
    path("ho/<int:pk>/bot-nguoi/", views.household_remove_member, name="household_remove"),
    path("ho/<int:pk>/chu-ho/", views.household_set_head, name="household_head"),
    path("nghi-trung/", views.duplicate_list, name="duplicates"),
    path("nghi-trung/<int:pk>/xu-ly/", views.duplicate_resolve, name="duplicate_resolve"),
]
