"""Follow-ups with a fixed clock: two silent absences get one kind text, three a staff task;
a reason or an excuse is not silence; severe students with no contact go to staff; families of
students starting to miss school are offered wake-up texts once. And the family's answers."""

from datetime import UTC, date, datetime, time, timedelta

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions.family import Family
from bot.actions.outreach_answers import answer_nudge_offer, followup_days, reason_from_need
from bot.messages.render import render
from bot.outreach.followups import queue_followups
from bot.outreach.offers import queue_nudge_offers
from models import (
    AbsenceReport,
    AttendanceDay,
    CalendarDay,
    Conversation,
    Guardian,
    OutboxMessage,
    OutreachAsk,
    StaffTask,
    TierSnapshot,
)
from models.base import utcnow
from tests.factories import add_conversation, make_family

THURSDAY, FRIDAY, MONDAY = date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 23)


def evening(day: date, hour: int = 16, minute: int = 45) -> datetime:
    """``hour``:``minute`` in Sacramento (UTC-8 in November) on ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour + 8,
                                                                          minutes=minute)


def attend(session, student, days, status="absent", excused=False):
    for day in days:
        session.add(AttendanceDay(student_id=student.id, day=day, status=status,
                                  excused=excused))
    session.flush()


def texts(session, kind="followup"):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                .order_by(OutboxMessage.id)))


def tasks(session):
    return list(session.scalars(select(StaffTask).order_by(StaffTask.id)))


def snapshot(student, tier, as_of=FRIDAY, absent=4, enrolled=20):
    return TierSnapshot(student_id=student.id, as_of=as_of, enrolled_days=enrolled,
                        absent_days=absent, rate=absent / enrolled, tier=tier,
                        rate_last_20=absent / enrolled, tier_last_20=tier)


def test_two_silent_days_one_kind_text_three_a_staff_task(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s, language="vi", children=("Sofia",))
        sofia = guardian.students[0]
        attend(s, sofia, [date(2026, 11, 18)], "present")
        attend(s, sofia, [THURSDAY])
        assert queue_followups(s, evening(THURSDAY)).queued == 0  # one day: nothing yet
        attend(s, sofia, [FRIDAY])
        result = queue_followups(s, evening(FRIDAY))
        assert (result.queued, result.tasks) == (1, 0)
        [row] = texts(s)
        assert row.language == "vi" and row.body == render({"template": "followup_silent", "vars": {
            "school": sofia.school.name, "children": {"list": ["Sofia"]},
            "dates": {"dates": ["2026-11-19", "2026-11-20"]}}}, "vi")
        ask = s.scalar(select(OutreachAsk))
        assert (ask.kind, ask.student_ids, ask.days) == (
            "followup", [sofia.id], ["2026-11-19", "2026-11-20"])
        again = queue_followups(s, evening(FRIDAY, 18))
        assert (again.queued, again.tasks, len(texts(s))) == (0, 0, 1)
        attend(s, sofia, [MONDAY])  # the weekend between: three school days in a row
        third = queue_followups(s, evening(MONDAY))
        assert (third.queued, third.tasks, dict(third.skipped)) == (0, 1, {"already asked": 1})
        [task] = tasks(s)
        assert (task.kind, task.student_id, task.details["days"]) == (
            "silent_absence", sofia.id, ["2026-11-19", "2026-11-20", "2026-11-23"])
        assert queue_followups(s, evening(MONDAY, 18)).tasks == 0  # once per run of absences


def test_a_reason_or_an_excuse_is_not_silence(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s, children=("Sofia",)).students[0]
        mateo = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                            children=("Mateo",)).students[0]
        attend(s, sofia, [THURSDAY, FRIDAY])
        s.add(AbsenceReport(student_id=sofia.id, day=THURSDAY, reason="illness"))
        attend(s, mateo, [THURSDAY], excused=True)
        attend(s, mateo, [FRIDAY])
        result = queue_followups(s, evening(FRIDAY))
        assert (result.queued, result.tasks) == (0, 0)


def test_a_holiday_between_absences_still_counts_school_days(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s, children=("Sofia",)).students[0]
        s.add(CalendarDay(school_id=None, day=FRIDAY, kind="holiday"))  # no record that day
        attend(s, sofia, [THURSDAY, MONDAY])
        assert queue_followups(s, evening(MONDAY)).queued == 1


def test_a_family_that_cannot_be_texted_goes_to_staff_at_once(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s, children=("Sofia",))
        guardian.opted_out = True
        sofia = guardian.students[0]
        attend(s, sofia, [THURSDAY, FRIDAY])
        result = queue_followups(s, evening(FRIDAY))
        assert (result.queued, result.tasks, dict(result.skipped)) == (0, 1, {"opted out": 1})
        assert tasks(s)[0].details["family_texted"] is False


def test_two_children_absent_one_text_naming_both(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s, children=("Sofia", "Mateo"))
        for child in guardian.students:
            attend(s, child, [THURSDAY, FRIDAY])
        assert queue_followups(s, evening(FRIDAY)).queued == 1
        [row] = texts(s)
        assert row.body == render({"template": "followup_silent", "vars": {
            "school": guardian.students[0].school.name,
            "children": {"list": ["Mateo", "Sofia"]},
            "dates": {"dates": ["2026-11-19", "2026-11-20"]}}}, "es")


def test_stale_attendance_says_nothing(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s).students[0]
        attend(s, sofia, [THURSDAY, FRIDAY])
        result = queue_followups(s, evening(FRIDAY + timedelta(days=10)))
        assert (result.queued, dict(result.skipped)) == (0, {"no recent attendance": 1})


def test_severe_students_without_contact_become_a_task_once(app):
    with app.extensions["db"].session() as s:
        quiet = make_family(s, children=("Sofia",))
        talking = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                              children=("Mateo",))
        sofia, mateo = quiet.students[0], talking.students[0]
        attend(s, sofia, [FRIDAY], "present")
        attend(s, mateo, [FRIDAY], "present")
        s.add_all([snapshot(sofia, "severe", absent=6), snapshot(mateo, "severe", absent=6)])
        add_conversation(s, talking, state="bot", messages=[("hola", "es", "hi")],
                         age=timedelta(days=3))
        s.flush()
        result = queue_followups(s, evening(FRIDAY))
        assert result.tasks == 1
        [task] = tasks(s)
        assert (task.kind, task.student_id, task.details["tier"]) == (
            "severe_tier", sofia.id, "severe")
        attend(s, sofia, [MONDAY], "present")
        s.add(snapshot(sofia, "severe", as_of=MONDAY, absent=6))
        assert queue_followups(s, evening(MONDAY)).tasks == 0  # within 10 school days


def test_severe_task_again_after_ten_school_days_without_contact(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s, children=("Sofia",)).students[0]
        attend(s, sofia, [FRIDAY], "present")
        s.add(snapshot(sofia, "severe", absent=6))
        assert queue_followups(s, evening(FRIDAY)).tasks == 1
        later = date(2026, 12, 7)  # ten school days later (Thanksgiving is a normal week here)
        attend(s, sofia, [later], "present")
        s.add(snapshot(sofia, "severe", as_of=later, absent=8))
        assert queue_followups(s, evening(later)).tasks == 1
        assert len(tasks(s)) == 2


def test_wake_up_texts_are_offered_once_to_families_starting_to_miss_school(app):
    with app.extensions["db"].session() as s:
        drifting = make_family(s, language="hmn", children=("Bao",))
        fine = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                           children=("Mateo",))
        subscribed = make_family(s, phone="+19165550103", guardian_name="Li Wang",
                                 children=("Mei",))
        subscribed.nudge_opt_in = True
        s.add_all([snapshot(drifting.students[0], "at_risk", absent=1),
                   snapshot(fine.students[0], "satisfactory", absent=0),
                   snapshot(subscribed.students[0], "moderate", absent=3)])
        s.flush()
        result = queue_nudge_offers(s, evening(FRIDAY))
        assert (result.queued, dict(result.skipped)) == (1, {"already gets wake-up texts": 1})
        [row] = texts(s, "nudge_offer")
        assert row.to == drifting.phone and row.body == render({"template": "nudge_offer", "vars": {
            "school": drifting.students[0].school.name, "children": {"list": ["Bao"]}}}, "hmn")
        again = queue_nudge_offers(s, evening(MONDAY))
        assert (again.queued, again.skipped["already offered"]) == (0, 1)


class Tracker:
    """What the outreach answers read of a Rasa tracker: the latest message."""

    def __init__(self, text, intent="affirm"):
        self.latest_message = {"text": text, "intent": {"name": intent}, "entities": []}


def asked_just_now(session) -> None:
    """The answers are read against the real clock: the asks were texted a moment ago."""
    for ask in session.scalars(select(OutreachAsk)):
        ask.created_at = utcnow() - timedelta(minutes=5)
    session.flush()


def family_of(session, guardian) -> Family:
    conv = session.scalar(select(Conversation).where(Conversation.phone == guardian.phone)) \
        or add_conversation(session, guardian, state="bot")
    return Family(guardian=guardian, guardians=[guardian], children=guardian.students,
                  conversation=conv, language=guardian.language, message_id=None)


def test_the_answer_to_the_offer_turns_wake_up_texts_on(app):
    with app.extensions["db"].session() as s:
        yes, at_six, no = (make_family(s, phone=f"+1916555010{n}", guardian_name=f"G{n}",
                                       language="hmn") for n in (1, 2, 3))
        for guardian in (yes, at_six, no):
            s.add(snapshot(guardian.students[0], "moderate", absent=3))
        s.flush()
        assert queue_nudge_offers(s, evening(FRIDAY)).queued == 3
        asked_just_now(s)
        for guardian, text, intent in ((yes, "yog", "affirm"), (at_six, "6:30", "inform"),
                                       (no, "tsis xav", "deny")):
            dispatcher = CollectingDispatcher()
            assert answer_nudge_offer(dispatcher, Tracker(text, intent), s,
                                      family_of(s, guardian))
        assert (yes.nudge_opt_in, yes.nudge_time) == (True, None)  # NUDGE_DEFAULT_TIME
        assert (at_six.nudge_opt_in, at_six.nudge_time) == (True, time(6, 30))
        assert no.nudge_opt_in is False
        assert all(a.answered_at for a in s.scalars(select(OutreachAsk)))
        # Answered: a later "yes" is not read as the answer again.
        assert not answer_nudge_offer(CollectingDispatcher(), Tracker("yog"), s,
                                      family_of(s, no))


def test_a_reason_after_a_follow_up_is_for_the_days_asked_about(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s, children=("Sofia", "Mateo"))
        sofia = next(c for c in guardian.students if c.first_name == "Sofia")
        attend(s, sofia, [THURSDAY, FRIDAY])
        assert queue_followups(s, evening(FRIDAY)).queued == 1
        asked_just_now(s)
        family = family_of(s, guardian)
        children, days = followup_days(s, family, [])
        assert ([c.first_name for c in children], days) == (["Sofia"], [THURSDAY, FRIDAY])
        mateo = next(c for c in guardian.students if c.first_name == "Mateo")
        assert followup_days(s, family, [mateo]) is None  # another child: its own report
        dispatcher = CollectingDispatcher()
        reason_from_need(dispatcher, s, family, ["transportation"])
        reports = s.scalars(select(AbsenceReport).order_by(AbsenceReport.day)).all()
        assert [(r.student_id, r.day, r.reason) for r in reports] == [
            (sofia.id, THURSDAY, "transportation"), (sofia.id, FRIDAY, "transportation")]
        assert dispatcher.messages[0]["custom"]["template"] == "absence_recorded"
        assert s.scalar(select(OutreachAsk)).answered_at is not None
        assert followup_days(s, family, []) is None
        assert s.scalar(select(Guardian.id)) == guardian.id


def test_a_long_message_about_something_else_is_not_the_answer_to_the_offer(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s, language="en")
        s.add(snapshot(guardian.students[0], "moderate", absent=3))
        s.flush()
        assert queue_nudge_offers(s, evening(FRIDAY)).queued == 1
        asked_just_now(s)
        text = "I do not know where the new bus stop is, can someone tell me please"
        assert not answer_nudge_offer(CollectingDispatcher(), Tracker(text, "out_of_scope"), s,
                                      family_of(s, guardian))
        assert s.scalar(select(OutreachAsk.answered_at)) is None
