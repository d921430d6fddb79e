"""SQLAlchemy 2.0 models, one module per domain noun. Importing this package registers them all
on ``Base.metadata`` (Alembic and the tests rely on that)."""

from models.absence import AbsenceReport
from models.attendance import AttendanceDay, TierSnapshot
from models.audit import AuditEvent
from models.base import Base
from models.conversation import Conversation, Message
from models.event import Event, EventTitle, Rsvp
from models.guardian import Guardian
from models.heartbeat import ClockLease, Heartbeat
from models.holdout import HoldoutAssignment, HoldoutDesign
from models.opt_out import PhoneOptOut
from models.outbox import OutboxMessage
from models.outreach import OutreachAsk, PraiseMilestone, StaffTask
from models.resource import Resource, ResourceDescription, ResourceRequest
from models.school import CalendarDay, School
from models.staff import StaffUser, staff_schools
from models.staff_writing import ConversationNote, SavedReply
from models.student import Student, StudentGuardian
from models.web_session import WebSession

__all__ = [
    "AbsenceReport", "AttendanceDay", "AuditEvent", "Base", "CalendarDay", "ClockLease",
    "Conversation", "ConversationNote",
    "Event", "EventTitle", "Guardian", "Heartbeat", "HoldoutAssignment", "HoldoutDesign",
    "Message", "OutboxMessage", "OutreachAsk",
    "PhoneOptOut", "PraiseMilestone", "Resource", "ResourceDescription", "ResourceRequest",
    "Rsvp", "SavedReply", "School", "StaffTask", "StaffUser", "Student", "StudentGuardian",
    "TierSnapshot", "WebSession", "staff_schools",
]
