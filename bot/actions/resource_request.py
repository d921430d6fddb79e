"""action_request_resource: classify the need, answer at once from the school's directory,
open a request for the Family Partnership staff (one per message: a retried turn opens none).
Right after the clock asked about days missed, a need that keeps a child home is also the
reason for those days (bot.actions.outreach_answers)."""

from __future__ import annotations

from rasa_sdk import Action
from sqlalchemy import select

from bot.actions.family import database, entity_values, load_family, say
from bot.actions.outreach_answers import reason_from_need
from bot.directory import find_resource
from models import ResourceRequest


class RequestResource(Action):
    def name(self) -> str:
        return "action_request_resource"

    async def run(self, dispatcher, tracker, domain):
        kinds = list(dict.fromkeys(entity_values(tracker, "resource_type"))) or ["other"]
        with database().session() as session:
            family = load_family(session, tracker)
            school_id = family.school.id if family.school else None
            for kind in kinds:
                exists = session.scalar(select(ResourceRequest.id).where(
                    ResourceRequest.message_id == family.message_id,
                    ResourceRequest.resource_type == kind)) if family.message_id else None
                if exists is None and family.guardian is not None:
                    session.add(ResourceRequest(
                        guardian_id=family.guardian.id, school_id=school_id,
                        message_id=family.message_id, resource_type=kind))
                resource = find_resource(session, kind, school_id) if kind != "other" else None
                if resource:
                    say(dispatcher, "resource_answer", resource=resource)
                else:
                    say(dispatcher, "resource_none")
            reason_from_need(dispatcher, session, family, kinds)
        return []
