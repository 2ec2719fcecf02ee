"""Writes that bypass model signals (``bulk_create``, ``QuerySet.update``) announce themselves here, so the
apps that maintain figures from those rows (the command center's daily counts) stay exact.

``rows_written.send(sender=Model, pks=[...], before=None)`` after new rows were bulk-created;
``before={"field": old_value}`` after an update that set those fields on rows which all had that old value.
"""

from django.dispatch import Signal

rows_written = Signal()
