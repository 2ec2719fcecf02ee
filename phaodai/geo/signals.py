"""Signals the unit app sends, so apps that keep copies of unit paths can follow without geo knowing them."""

from django.dispatch import Signal

# Sent after placed rows were re-stamped onto other units in bulk (the map switch, a manual assignment);
# receivers refresh the unit paths they copied, set-based. ``unit_paths``, when given, bounds where the
# moved rows now are (all rows otherwise).
units_restamped = Signal()
