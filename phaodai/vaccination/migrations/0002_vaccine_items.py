"""The stock items of the shipped vaccine catalogue (Item.code = product code), so that lots can be
received before the first dose is given. Products added by a later rule version get theirs on first use
(``services.product_item``)."""

from typing import Any

from django.db import migrations

PRODUCTS = (
    ("AZ", "AstraZeneca"),
    ("SPV", "Gam-COVID-Vac (Sputnik V)"),
    ("PF", "Comirnaty (Pfizer-BioNTech)"),
    ("MD", "Spikevax (Moderna)"),
    ("VC", "SARS-CoV-2 Vaccine (Vero Cell), Sinopharm"),
    ("JJ", "Janssen (Johnson & Johnson)"),
    ("SPL", "Sputnik Light"),
    ("HV", "Hayat-Vax"),
    ("AB", "Abdala"),
    ("CX", "Covaxin (Bharat Biotech)"),
)


def create_items(apps: Any, schema_editor: Any) -> None:
    item = apps.get_model("inventory", "Item")
    for code, name in PRODUCTS:
        item.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "vaccine", "counting_unit": "liều", "tracks_lots": True}
        )


class Migration(migrations.Migration):
    dependencies = [("vaccination", "0001_initial"), ("inventory", "0001_initial")]

    operations = [migrations.RunPython(create_items, migrations.RunPython.noop)]
