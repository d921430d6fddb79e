"""The staff side: login, the inbox of conversations that need a person, the conversation view
(with translations), replies, and the simulator. Exposes ``admin_bp``."""

from admin.views import admin_bp

__all__ = ["admin_bp"]
