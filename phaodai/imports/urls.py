from django.urls import path

from phaodai.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/ghep-cot/", views.batch_mapping, name="mapping"),
    path("<int:pk>/chay-tiep/", views.batch_resume, name="resume"),
    path("<int:pk>/ket-qua/", views.batch_results, name="results"),
    path("<int:pk>/xem-xet/", views.batch_review, name="review"),
]
