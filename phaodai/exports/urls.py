from django.urls import path

from phaodai.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("tep/<int:pk>/", views.job_detail, name="job"),
    path("tep/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("<slug:key>/", views.export, name="export"),
]
