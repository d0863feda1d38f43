"""Access control: users and roles (``users.py``), login and enforcement (``web.py``)."""
