"""The staff side: login, the inbox of conversations that need a person, the conversation view
(with translations), replies, the simulator, and the work lists (absences, resource requests,
outreach tasks, the audit log). Exposes ``admin_bp``."""

from admin import work_routes  # noqa: F401 (registers its routes on admin_bp)
from admin.views import admin_bp

__all__ = ["admin_bp"]
