"""Access control: users, roles and the units each reads (``users.py``), login and enforcement (``web.py``)."""

from dashboard.auth.users import tables_for

__all__ = ["tables_for"]
