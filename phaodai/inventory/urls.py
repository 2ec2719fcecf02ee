from django.urls import path

from phaodai.inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.stock, name="stock"),
    path("don-vi/<int:pk>/", views.unit_stock, name="unit"),
    path("nhap/", views.receive, name="receive"),
    path("dieu-chuyen/", views.transfer, name="transfer"),
    path("huy/", views.waste, name="waste"),
]
