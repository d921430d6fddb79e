"""/admin/dashboard: figures for the staff member's schools, each a chart with a table and a CSV
of the same rows; scoped, audited; district staff pick a school."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from models import (
    AbsenceReport,
    AuditEvent,
    Event,
    Message,
    OutboxMessage,
    ResourceRequest,
    Rsvp,
    TierSnapshot,
)
from models.base import utcnow
from tests.factories import add_conversation, login, make_family, make_school, make_staff

TODAY = date.today()


def snapshot(session, student, as_of, rate):
    tier = "severe" if rate >= .2 else "moderate" if rate >= .1 else \
        "at_risk" if rate >= .05 else "satisfactory"
    session.add(TierSnapshot(student_id=student.id, as_of=as_of, enrolled_days=40,
                             absent_days=round(rate * 40), rate=rate, tier=tier,
                             rate_last_20=rate, tier_last_20=tier))


def outbox(session, guardian, kind, status, n=1):
    for i in range(n):
        session.add(OutboxMessage(idempotency_key=f"{kind}:{guardian.id}:{status}:{i}",
                                  guardian_id=guardian.id, to=guardian.phone, body="x",
                                  kind=kind, status=status))


def world(session):
    alder = make_school(session, code="A", name="Alder")
    birch = make_school(session, code="B", name="Birch")
    lopez = make_family(session, school=alder, children=("Sofia", "Mateo"))
    li = make_family(session, school=birch, phone="+19165550102", language="zh",
                     guardian_name="Li Wei", children=("Ming",))
    sofia, mateo = lopez.students
    ming = li.students[0]
    for student, day, reason in ((sofia, TODAY, "illness"), (mateo, TODAY, "illness"),
                                 (sofia, TODAY - timedelta(days=7), "transportation"),
                                 (ming, TODAY, "travel")):
        session.add(AbsenceReport(student_id=student.id, guardian_id=lopez.id, day=day,
                                  reason=reason))
    earlier = TODAY - timedelta(days=14)
    for student, before, now in ((sofia, .05, .12), (mateo, .02, .03), (ming, .25, .30)):
        snapshot(session, student, earlier, before)
        snapshot(session, student, TODAY, now)
    outbox(session, lopez, "nudge", "delivered", 3)
    outbox(session, lopez, "nudge", "failed")
    outbox(session, lopez, "praise", "sent")
    outbox(session, li, "invitation", "delivered", 5)
    session.add_all([
        ResourceRequest(guardian_id=lopez.id, school_id=alder.id, resource_type="food"),
        ResourceRequest(guardian_id=li.id, school_id=birch.id, resource_type="housing")])
    event = Event(code="lit", school_id=alder.id, title="<script>alert(1)</script> Literacy",
                  starts_at=utcnow() + timedelta(days=5))
    session.add(event)
    session.flush()
    session.add(Rsvp(event_id=event.id, guardian_id=lopez.id, answer="yes", adults=2,
                     children=3, needs_childcare=True))
    lopez.phone_unreachable = True
    conv = add_conversation(session, guardian=lopez, school=alder,
                            messages=[("hola", "es", "hi")], age=timedelta(minutes=40))
    session.add(Message(conversation_id=conv.id, direction="out", body="ya", language="es",
                        staff_id=make_staff(session, "clerk.a@school.org", schools=[alder]).id,
                        created_at=utcnow() - timedelta(minutes=10)))
    add_conversation(session, guardian=li, school=birch, messages=[("你好", "zh", "hi")])
    make_staff(session, "district@district.org", role="district")
    session.commit()
    return alder, birch


def figure_rows(client, key, query=""):
    body = client.get(f"/admin/dashboard/{key}.csv{query}").get_data(as_text=True)
    return list(csv.reader(io.StringIO(body)))[1:]


def test_a_clerk_sees_her_schools_figures(client, session):
    alder, birch = world(session)
    login(client, "clerk.a@school.org")
    html = client.get("/admin/dashboard").get_data(as_text=True)
    assert html.count("<svg") == 6 and html.count("<title>") >= 6
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    # Headline: Alder's one conversation (answered: still with staff), 30 minutes to a reply,
    # the Lopez family unreachable.
    assert "30 min" in html
    numbers = html.partition('class="numbers"')[2].partition("</dl>")[0]
    assert numbers.count("<dd>1</dd>") == 2  # waiting conversations, unreachable families

    reasons = figure_rows(client, "absence_reasons")
    assert sorted(r[2:] for r in reasons) == [["illness", "2"], ["transportation", "1"]]
    assert {r[1] for r in reasons} == {"Alder"}
    trend = figure_rows(client, "chronic_trend")
    assert [(r[0], r[3], r[4]) for r in trend] == [
        ((TODAY - timedelta(days=14)).isoformat(), "0", "0.0"), (TODAY.isoformat(), "1", "50.0")]
    assert dict(figure_rows(client, "tiers")) == {"satisfactory": "1", "at_risk": "0",
                                                  "moderate": "1", "severe": "0"}
    assert figure_rows(client, "outreach") == [["nudge", "delivered", "3"],
                                               ["nudge", "failed", "1"], ["praise", "sent", "1"]]
    assert figure_rows(client, "requests") == [["food", "1"]]
    rsvp = figure_rows(client, "rsvps")
    assert [r[2:] for r in rsvp] == [["1", "2", "3", "1"]]
    exports = session.scalars(select(AuditEvent).where(AuditEvent.action == "export_dashboard")
                              ).all()
    assert len(exports) == 6 and exports[0].details["figure"] == "absence_reasons"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "read_dashboard"))
    assert client.get(f"/admin/dashboard?school={birch.id}").status_code == 404
    assert client.get("/admin/dashboard/nothing.csv").status_code == 404


def test_district_staff_see_every_school_and_can_pick_one(client, session):
    alder, birch = world(session)
    login(client, "district@district.org")
    assert dict(figure_rows(client, "tiers"))["severe"] == "1"
    assert figure_rows(client, "requests", f"?school={birch.id}") == [["housing", "1"]]
    assert [r[0] for r in figure_rows(client, "outreach", f"?school={birch.id}")] == [
        "invitation"]
    html = client.get(f"/admin/dashboard?school={birch.id}").get_data(as_text=True)
    assert f'<option value="{birch.id}" selected>' in html
