from django.urls import path

from phaodai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("ngon-ngu/", views.language, name="language"),
    path("to-chuc/", views.organisation_list, name="organisations"),
]
