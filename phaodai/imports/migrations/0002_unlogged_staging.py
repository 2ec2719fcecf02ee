"""On PostgreSQL the staging table is UNLOGGED: its rows are rewritten by every set-based check and are
worth nothing after the batch, so they skip the write-ahead log. A server crash empties the table; a
batch that finds its staged rows gone reads its file again (``imports.jobs``), and what it had already
written is recognised as existing."""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE imports_stagedrow SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE imports_stagedrow SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]
    operations = [migrations.RunPython(unlogged, logged)]
