"""Rasa custom actions (served by ``python -m rasa_sdk --actions bot.actions``).

One action per module. Actions never send finished text: they dispatch bot acts
(``{"template", "vars"}``) that bot.messages.render turns into the family's language. Side effects
(absence recorded, RSVP stored, request opened, hand-off) happen here, in one transaction each,
and are idempotent.
"""

from bot.actions.absence_questions import AskAbsenceChild, AskAbsenceDays, AskAbsenceReason
from bot.actions.absence_record import RecordAbsence
from bot.actions.absence_start import StartAbsenceReport
from bot.actions.absence_validate import ValidateAbsenceForm
from bot.actions.affirm_deny import AffirmDeny
from bot.actions.change_language import ChangeLanguage
from bot.actions.fallback import DefaultFallback, OutOfScope
from bot.actions.greet import Greet, Help, Thanks
from bot.actions.handoff import Handoff
from bot.actions.nudge_settings import NudgeSettings
from bot.actions.opt_out import OptIn, OptOut
from bot.actions.resource_request import RequestResource
from bot.actions.rsvp import RsvpAction
from bot.actions.school_info import SchoolInfo

__all__ = [
    "AffirmDeny", "AskAbsenceChild", "AskAbsenceDays", "AskAbsenceReason", "ChangeLanguage",
    "DefaultFallback", "Greet", "Handoff", "Help", "NudgeSettings", "OptIn", "OptOut",
    "OutOfScope",
    "RecordAbsence", "RequestResource", "RsvpAction", "SchoolInfo", "StartAbsenceReport", "Thanks",
    "ValidateAbsenceForm",
]
