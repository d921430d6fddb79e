"""Every sentence a family can read, as a named template (the msgid is the English text).

Rasa and the rest of the code send *bot acts* — a template name and its variables — and
bot.messages.render turns them into text in the family's language through the catalogs in locales/.
Placeholders are ``{name}`` fields; translations must keep every placeholder of the msgid.
Templates with a ``count`` use plural forms (msgid, msgid_plural).
"""

from __future__ import annotations


def _l(message: str) -> str:
    """Marks a string for extraction (``pybabel extract -k _l``); translated at render time."""
    return message


def _ln(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for extraction (``-k _ln:1,2``)."""
    return singular, plural


TEMPLATES: dict[str, str | tuple[str, str]] = {
    "greet": _l(
        "Hi {name}! This is the {school} family text line. Tell us when your child will be "
        "absent or late, answer event invitations, or ask for help with food, bus passes, "
        "clothing or housing."
    ),
    "help": _l(
        "This is the {school} family text line. Text us when your child will be absent or late, "
        "reply to invitations, or ask for help. To talk to a person, just ask. Reply STOP to "
        "stop texts."
    ),
    "thanks": _l("You're welcome! We are here if you need anything."),
    "ok": _l("OK, thank you."),
    "ask_child": _l("Which child is this about? {children}"),
    "ask_days": _l(
        "Which day will {child} be absent? For example: today, tomorrow, or Monday to Wednesday."
    ),
    "ask_days_tardy": _l("Which day will {child} arrive late or leave early?"),
    "ask_child_numbered": _l("Sorry, I did not understand. Please reply with a number: {choices}"),
    "ask_days_again": _l(
        "Sorry, I did not understand the day. Please write it like this: today, tomorrow, "
        "Monday, or 12/9."
    ),
    "ask_reason": _l(
        "Can you tell us why? For example: sick, doctor appointment, no ride. You can also say "
        "you prefer not to say."
    ),
    "absence_recorded": _l("Thank you. We recorded that {child} will be absent on {dates}."),
    "tardy_recorded": _l(
        "Thank you. We noted that {child} will arrive late or leave early on {dates}."
    ),
    "followup_transportation": _l(
        "If getting to school is hard, we can help. {resource}"
    ),
    "followup_basic_needs": _l(
        "We can help with clothes, shoes and food, no questions asked. {resource}"
    ),
    "followup_home_hospital": _l(
        "We hope {child} feels better soon. If {child} must stay home or in the hospital for 3 "
        "weeks or more, you can ask for a teacher to teach {child} at home or in the hospital. "
        "Write to us if you want this, and a staff member will help you ask for it."
    ),
    "handoff_caring": _l(
        "Thank you for telling us. We are sorry you are going through this. A person from "
        "{school} will reply to you soon."
    ),
    "handoff": _l("A person from {school} will reply to you soon."),
    "rsvp_yes": _l("Wonderful! We will see you at {event} on {date}."),
    "rsvp_yes_counts": _l(
        "Wonderful! We saved {adults} adult(s) and {children} child(ren) for {event} on {date}."
    ),
    "rsvp_childcare": _l("Childcare will be provided."),
    "rsvp_no": _l("Thank you for letting us know. We hope to see you at a future event."),
    "rsvp_maybe": _l("Thank you! We hope you can come to {event} on {date}."),
    "events_upcoming": _l("Upcoming events at {school}: {events}"),
    # An event whose title is not translated into the family's language yet (bot/events.py).
    "event_unnamed": _l("our family event"),
    "events_none": _l("There are no upcoming events at {school} right now."),
    "resource_answer": _l(
        "{resource} We also let the family support staff know, and they will follow up."
    ),
    "resource_none": _l(
        "We let the family support staff know that you need help, and they will follow up soon."
    ),
    "school_info": _l(
        "{school}: school starts at {start} and ends at {end}. Address: {address}. "
        "Phone: {phone}."
    ),
    "nudge_set": _l("Done! We will send a wake-up reminder at {time} on school days."),
    "nudge_off": _l(
        "OK, we stopped the morning reminders. Text \"wake me at 6:45\" to start them again."
    ),
    "nudge_ask_time": _l("What time should we send the morning reminder? For example: 6:45."),
    "language_changed": _l("OK, we will write to you in English from now on."),
    "out_of_scope": _l(
        "Sorry, I can only help with attendance, school events and family resources. To talk to "
        "a person, just ask."
    ),
    "fallback": _l(
        "Sorry, I did not understand. You can tell us about an absence, answer an invitation, or "
        "ask for help."
    ),
    "unknown_number": _l(
        "Thank you for your message. We do not have this phone number on file yet. A staff "
        "member will contact you."
    ),
    "received_followup": _l(
        "We got your message. Someone from the school will follow up with you soon."
    ),
    "stop_confirm": _l("You will not get more texts from us. Reply START to get them again."),
    "start_confirm": _l("Welcome back! You will get our texts again. Reply STOP to stop."),
    "media_received": _l("Thank you, we received your photo and shared it with the school."),
    "empty_message": _l(
        "We received an empty message. Text us when your child will be absent or late, or ask "
        "for help."
    ),
    "nudge_morning": _l("Good morning! School at {school} starts at {start} today. See you there!"),
    # Wake-up texts, one a day in turn (bot/outreach/nudges.py); {children} names each child.
    "nudge_wake_1": _l("Good morning! Time to get {children} ready: school starts at {start}."),
    "nudge_wake_2": _l(
        "Rise and shine! {children} can be at school by {start} today. Every day counts."
    ),
    "nudge_wake_3": _l("Good morning! School starts at {start}. We look forward to seeing "
                       "{children} today."),
    "nudge_fact": _l("{child} has been at school {present} of the last {days} days. Great work!"),
    "nudge_howto": _l(
        "To change the time, reply with a new time like 6:30. To stop them, reply \"stop the "
        "morning texts\"."
    ),
    "praise_streak": _ln(
        "{child} came to school {count} day in a row. Thank you for all you do!",
        "{child} came to school {count} days in a row. Thank you for all you do!",
    ),
    # Praise milestones (bot/outreach/praise.py), each once per student per school year.
    "praise_week": _l("{child} came to school every day this week. Thank you for all you do!"),
    "praise_month": _l(
        "{child} came to school every day this month. That is wonderful. Thank you!"
    ),
    "praise_back_on_track": _l(
        "Great news: {child} has been coming to school much more. Every day counts, and it "
        "shows. Thank you!"
    ),
    # After two school days absent with no word from the family (bot/outreach/followups.py):
    # kind, never a threat; the answer goes through the absence-reason and resource flows.
    "followup_silent": _l(
        "Hello from {school}. We missed {children} at school on {dates} and want to make sure "
        "everything is OK. Can you tell us why? If something makes getting to school hard, like "
        "a ride, food, clothes or a place to stay, we can help."
    ),
    # Once, to a family whose child is starting to miss school (bot/outreach/offers.py).
    "nudge_offer": _l(
        "Hello from {school}! Would you like a short good-morning text on school days to help "
        "{children} get to school? Reply YES, or reply with a time like 6:45."
    ),
    "invitation": _l(
        "You are invited: {event} at {school} on {date} at {time}. Reply YES, NO or MAYBE, and "
        "tell us how many adults and children will come."
    ),
    # Sent with the invitation, each when it applies (bot/outreach/invitations.py).
    "invitation_place": _l("Place: {place}."),
    "meal_dinner": _l("Dinner is included."),
    "meal_lunch": _l("Lunch is included."),
    "meal_breakfast": _l("Breakfast is included."),
    "meal_other": _l("Food is included."),
    "invitation_childcare": _l("Free childcare: tell us if you need it."),
    "reminder": _l(
        "Reminder: {event} is tomorrow, {date} at {time}. We saved {adults} adult(s) and "
        "{children} child(ren) for you. See you there!"
    ),
    "reminder_childcare": _l("Childcare is ready for your children."),
    "event_cancelled": _l(
        "We are sorry: {event} on {date} is cancelled. We hope to see you at the next one."
    ),
    "rsvp_confirm_event": _l(
        "Do you mean {event} on {date} at {time}? Reply YES and tell us how many adults and "
        "children will come."
    ),
    "chat_link": _l("Chat with {school} here: {url}"),
    "verification_code": _l("Your {school} chat code is {code}. It expires in 10 minutes."),
    "list_separator": _l(", "),
    "date_range": _l("{start} to {end}"),
    # The family web chat (bot/channels/webchat/routes.py): page labels, sign-in and errors.
    "chat_page_title": _l("Family chat"),
    "chat_heading": _l("Chat with {school}"),
    "chat_link_expired": _l(
        "This chat link has expired or is not valid. Please verify your phone number to open the "
        "chat."
    ),
    "chat_phone_intro": _l(
        "Enter the phone number the school has for you. We will text you a 6-digit code."
    ),
    "chat_phone_label": _l("Your phone number"),
    "chat_phone_invalid": _l(
        "This does not look like a phone number. Please check it and try again."
    ),
    "chat_send_code": _l("Text me a code"),
    "chat_code_sent": _l(
        "If this number is in our records, we just sent it a text with a 6-digit code. The code "
        "works for 10 minutes."
    ),
    "chat_code_label": _l("6-digit code"),
    "chat_code_submit": _l("Open the chat"),
    "chat_code_wrong": _l("That code is not right. Please check the text message and try again."),
    "chat_code_start_over": _l("This code can no longer be used. Please ask for a new code."),
    "chat_start_again": _l("Use another number or get a new code"),
    "chat_message_label": _l("Your message"),
    "chat_send": _l("Send"),
    "chat_messages_label": _l("Messages"),
    "chat_you": _l("You"),
    "chat_keyboard_hint": _l("Press Enter to send. Press Shift and Enter for a new line."),
    "chat_welcome": _l("Write to us here in your own language. We will answer as soon as we can."),
    "chat_too_long": _l(
        "Your message is too long. Please send it in shorter parts, up to 1600 characters each."
    ),
    "chat_send_failed": _l(
        "Your message was not sent. Please check your internet connection and try again."
    ),
    "chat_unavailable": _l(
        "The chat is not working right now. Please try again in a few minutes, or send us a text "
        "message."
    ),
    "chat_sending": _l("Sending…"),
    "chat_sign_out": _l("Sign out"),
    "chat_language_label": _l("Language"),
    "chat_try_again": _l("Something went wrong. Please try again."),
}

# Resource directory entries are proper names (translated by nobody); their description is.
RESOURCE_LINES: dict[str, str] = {
    "food": _l("Free food: {name}, {phone}, {address}."),
    "transportation": _l("Free bus and light rail for students: {name}, {url}."),
    "clothing": _l("Free clothing and shoes: {name}, {phone}, {address}."),
    "housing": _l("Housing help: {name}, {phone}."),
    "health": _l("Health care: {name}, {phone}, {address}."),
    "mental_health": _l("Someone to talk to: {name}, {phone}."),
    "school_supplies": _l("School supplies: {name}, {phone}."),
    "internet": _l("Low-cost internet: {name}, {url}."),
    "childcare": _l("Childcare: {name}, {phone}."),
    "home_hospital": _l("Home and hospital teaching: {name}, {phone}."),
    "other": _l("Help: {name}, {phone}."),
}
