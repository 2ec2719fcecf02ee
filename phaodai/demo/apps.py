from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "phaodai.demo"
    label = "demo"
    verbose_name = "Tỉnh demo"
