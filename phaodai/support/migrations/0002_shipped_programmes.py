"""Install the Resolution 68/NQ-CP programmes the platform ships (``support.shipped``)."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from phaodai.support.shipped import install as install_programmes

    install_programmes(apps.get_model("support", "Programme"))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
