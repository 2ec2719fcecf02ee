from django.urls import path

from phaodai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("ngon-ngu/", views.language, name="language"),
    path("to-chuc/", views.organisation_list, name="organisations"),
    path("to-chuc/moi/", views.organisation_create, name="organisation_create"),
    path("to-chuc/<int:pk>/sua/", views.organisation_edit, name="organisation_edit"),
    path("nguoi-dung/", views.user_list, name="users"),
    path("nguoi-dung/moi/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/sua/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.user_password, name="user_password"),
]
