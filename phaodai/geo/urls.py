from django.urls import path

from phaodai.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("<int:pk>/", views.unit_browse, name="unit"),
    path("<int:pk>/them-thon/", views.village_create, name="village_create"),
    path("can-gan/", views.unplaced_list, name="unplaced"),
    path("can-gan/<int:pk>/", views.unplaced_assign, name="unplaced_assign"),
]
