from django.urls import path

from phaodai.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<int:pk>/da-lien-he/", views.contact_reached, name="reached"),
    path("moi/", views.exposure_create, name="exposure_create"),
    path("ca/<int:pk>/", views.case_contacts, name="case"),
    path("chuoi/<int:pk>/", views.chain, name="chain"),
    path("o-dich/<int:pk>/", views.cluster_chain, name="cluster"),
]
