from django.urls import path

from phaodai.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("<int:pk>/", views.unit_browse, name="unit"),
    path("<int:pk>/them-thon/", views.village_create, name="village_create"),
    path("can-gan/", views.unplaced_list, name="unplaced"),
    path("can-gan/<int:pk>/", views.unplaced_assign, name="unplaced_assign"),
    path("dan-so/", views.population_imports, name="population_imports"),
    path("dan-so/<int:pk>/", views.population_import_detail, name="population_import"),
    path("dan-so/mau.csv", views.population_import_template, name="population_import_template"),
]
