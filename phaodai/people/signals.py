"""Signals for the apps that keep data about persons, so the registry needs to know none of them."""

from django.dispatch import Signal

# Sent inside the merge's transaction before any row moves (kwargs: keep, duplicate, actor). A receiver
# prepares its derived data (drops what it will recompute) or refuses with a DomainError.
person_merging = Signal()
# Sent once every row points at ``keep`` and the duplicate is gone (kwargs: keep, actor).
person_merged = Signal()
