"""The fixed labels other parts of the system and reports depend on (NLU, database, exports)."""

from bot.messages.languages import CODES as LANGUAGE_CODES

INTENTS = (
    "report_absence", "report_tardy", "rsvp", "request_resource", "talk_to_staff",
    "school_info", "nudge_settings", "change_language", "opt_out", "opt_in", "help", "greet",
    "thanks", "affirm", "deny", "out_of_scope",
)
ABSENCE_REASONS = (
    "illness", "medical_appointment", "mental_health", "transportation", "family_emergency",
    "basic_needs", "housing", "safety", "caregiving", "religious_cultural", "travel", "weather",
    "overslept", "unspecified",
)
RESOURCE_TYPES = (
    "food", "transportation", "clothing", "housing", "health", "mental_health",
    "school_supplies", "internet", "childcare", "other",
)
RSVP_ANSWERS = ("yes", "no", "maybe")
# Reasons that hand the conversation to staff with priority (and a caring reply).
SENSITIVE_REASONS = ("safety", "housing", "family_emergency", "mental_health")

ENTITY_LABELS = {
    "absence_reason": set(ABSENCE_REASONS) - {"unspecified"},
    "resource_type": set(RESOURCE_TYPES),
    "rsvp": set(RSVP_ANSWERS),
    "language": set(LANGUAGE_CODES),
}

# A need named in answer to "may I ask why?" is the reason for the absence: "no ride" is
# transportation, "no clean clothes" basic needs. Needs without an obvious reason stay out.
REASON_FOR_NEED = {
    "transportation": "transportation",
    "food": "basic_needs",
    "clothing": "basic_needs",
    "housing": "housing",
    "mental_health": "mental_health",
}
