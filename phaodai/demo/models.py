"""The record that a demo province was built: re-running the command finds it and adds nothing."""

from django.db import models


class DemoRun(models.Model):
    unit_map = models.CharField(max_length=1)
    province_code = models.CharField(max_length=16)
    seed = models.IntegerField()
    scale = models.FloatField()
    built_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    counts = models.JSONField(default=dict, help_text="rows created, by kind")
    logins = models.JSONField(default=list, help_text="[[role, username, organisation name], ...]")

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("unit_map", "province_code"), name="demo_run_one_per_province"),
        )

    def __str__(self) -> str:
        return f"demo {self.unit_map}/{self.province_code} (seed {self.seed}, scale {self.scale})"
