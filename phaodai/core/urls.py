from django.urls import path

from phaodai.core import rule_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", views.audit_list, name="audit"),
    path("quy-tac/", rule_views.rule_list, name="rules"),
    path("quy-tac/<int:pk>/", rule_views.rule_detail, name="rule"),
    path("healthz", views.health, name="health"),
]
