"""A chain's members in person order, from the index alone.

The chain page reads a chain's person ids (``contacts.graph.chain_of``: a page of 200 in primary-key
order, or all of them for the visible count); on ``chain_id`` alone that is one heap page per node.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="chainnode",
            index=models.Index(fields=["chain", "person"], name="chainnode_chain_person"),
        ),
    ]
