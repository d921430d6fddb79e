"""The staff audit trail: who read which conversation, who replied, closed, simulated.

Rows are added to the request's session and commit with the response (admin.auth). ``details``
never holds a message body or a phone number: ids and flags only.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import AuditEvent, Conversation, StaffUser


def record(db: Session, staff: StaffUser | None, action: str, subject_type: str,
           subject_id: int | None, **details) -> AuditEvent:
    event = AuditEvent(staff_id=staff.id if staff is not None else None, action=action,
                       subject_type=subject_type, subject_id=subject_id, details=details)
    db.add(event)
    return event


def read_conversation(db: Session, staff: StaffUser, conv: Conversation, **details) -> None:
    """Every page that shows a conversation's messages to staff calls this."""
    record(db, staff, "read_conversation", "conversation", conv.id, **details)


def conversation_action(db: Session, staff: StaffUser, action: str, conv: Conversation,
                        **details) -> None:
    record(db, staff, action, "conversation", conv.id, **details)
