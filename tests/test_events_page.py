"""/admin/events: events created, edited and cancelled with the importer's rules; titles
reviewed per language; invitations and RSVPs with totals; scoped and audited."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from models import AuditEvent, Event, EventTitle, OutboxMessage, Rsvp
from models.base import utcnow
from tests.factories import login, make_family, make_school, make_staff, post

SOON = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT17:30")


def world(session):
    alder = make_school(session, code="A", name="Alder")
    birch = make_school(session, code="B", name="Birch")
    lopez = make_family(session, school=alder, language="es")
    li = make_family(session, school=birch, phone="+19165550102", language="zh",
                     guardian_name="Li Wei", children=("Ming",))
    make_staff(session, "clerk.a@school.org", schools=[alder])
    make_staff(session, "district@district.org", role="district")
    session.commit()
    return alder, birch, lopez, li


def test_a_clerk_creates_an_event_reviews_titles_and_sees_rsvps(client, session):
    alder, birch, lopez, li = world(session)
    login(client, "clerk.a@school.org")
    created = post(client, "/admin/events/new", code="lit-night", title="Literacy Night",
                   school=str(alder.id), starts_at=SOON, place="Library", meal="dinner",
                   childcare="yes", audience="school", invite_days_before="7")
    assert created.status_code == 302
    event = session.scalar(select(Event))
    assert (event.code, event.school_id, event.childcare, event.meal) == (
        "lit-night", alder.id, True, "dinner")
    # The clock's translation, then the clerk fixes Spanish and checks Chinese.
    session.add_all([EventTitle(event_id=event.id, language="es", text="Noche de Lectura",
                                origin="machine"),
                     EventTitle(event_id=event.id, language="zh", text="閱讀之夜",
                                origin="machine")])
    session.add_all([Rsvp(event_id=event.id, guardian_id=lopez.id, answer="yes", adults=2,
                          children=3, needs_childcare=True),
                     Rsvp(event_id=event.id, guardian_id=li.id, answer="yes", adults=1)])
    session.commit()
    saved = post(client, f"/admin/events/{event.id}", title="Literacy Night",
                 school=str(alder.id), starts_at=SOON, place="Library", meal="dinner",
                 childcare="yes", audience="school", invite_days_before="7",
                 title_es="Noche de lectura en familia", title_zh="閱讀之夜", reviewed_zh="1")
    assert saved.status_code == 302
    session.expire_all()
    titles = {t.language: t for t in session.scalars(select(EventTitle))}
    assert (titles["es"].text, titles["es"].origin) == ("Noche de lectura en familia", "staff")
    assert titles["zh"].origin == "machine" and titles["zh"].reviewed_at is not None

    html = client.get(f"/admin/events/{event.id}").get_data(as_text=True)
    assert "Maria Lopez" in html and "Li Wei" not in html  # Birch's family is not hers
    assert "2 · 3" in html  # adults · children of her families' yeses
    rows = list(csv.reader(io.StringIO(client.get(
        f"/admin/events/{event.id}/rsvps.csv").get_data(as_text=True))))
    assert rows[1][1:7] == ["Maria Lopez", "es", "yes", "2", "3", "yes"] and len(rows) == 2
    listing = client.get("/admin/events").get_data(as_text=True)
    assert "Literacy Night" in listing
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"create_event", "update_event", "read_event", "export_rsvps",
            "read_events"} <= actions


def test_the_importers_rules_apply_and_scope_holds(client, session):
    alder, birch, lopez, li = world(session)
    login(client, "clerk.a@school.org")
    bad = post(client, "/admin/events/new", code="x", title="X", school=str(alder.id),
               starts_at="tomorrow", audience="school")
    assert bad.status_code == 400 and "is not a date and time" in bad.get_data(as_text=True)
    theirs = post(client, "/admin/events/new", code="y", title="Y", school=str(birch.id),
                  starts_at=SOON)
    assert theirs.status_code == 400 and "pick one of your schools" in theirs.get_data(
        as_text=True)
    wrong_audience = post(client, "/admin/events/new", code="z", title="Z",
                          school=str(alder.id), starts_at=SOON, audience="everyone")
    assert wrong_audience.status_code == 400
    assert session.scalar(select(Event.id)) is None
    other = Event(code="birch-night", school_id=birch.id, title="Birch Night",
                  starts_at=utcnow() + timedelta(days=3))
    district = Event(code="district", school_id=None, title="District Fair",
                     starts_at=utcnow() + timedelta(days=3))
    session.add_all([other, district])
    session.commit()
    assert client.get(f"/admin/events/{other.id}").status_code == 404
    assert post(client, f"/admin/events/{other.id}/cancel").status_code == 404
    # District-wide events are seen, but only the district changes them.
    assert client.get(f"/admin/events/{district.id}").status_code == 200
    assert post(client, f"/admin/events/{district.id}/cancel").status_code == 403


def test_cancelling_texts_those_who_said_yes_or_maybe(client, session):
    alder, birch, lopez, li = world(session)
    event = Event(code="night", school_id=alder.id, title="Night",
                  starts_at=utcnow() + timedelta(days=3))
    session.add(event)
    session.flush()
    session.add(Rsvp(event_id=event.id, guardian_id=lopez.id, answer="maybe"))
    session.commit()
    login(client, "clerk.a@school.org")
    done = post(client, f"/admin/events/{event.id}/cancel")
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Event, event.id).cancelled_at is not None
    text = session.scalar(select(OutboxMessage))
    assert (text.kind, text.to, text.language) == ("event_cancelled", lopez.phone, "es")


def test_a_forged_school_id_is_no_school_never_a_crash(client, session):
    world(session)
    login(client, "district@district.org")
    for i, forged in enumerate(("99999999999999999999", "-1", "abc")):
        response = post(client, "/admin/events/new", code=f"x{i}", title="X", school=forged,
                        starts_at=SOON)
        assert response.status_code == 302  # not a school: a district-wide event
    assert set(session.scalars(select(Event.school_id))) == {None}
