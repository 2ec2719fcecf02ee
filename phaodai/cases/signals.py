"""What other apps hear from the case registry (contacts re-derive F1/F2, orders follow the case).

Both are sent inside the registering transaction, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

case_opened = Signal()  # kwargs: case, actor
case_closed = Signal()  # kwargs: case, actor
case_confirmed = Signal()  # kwargs: case, actor: a suspected case now meets the definition
