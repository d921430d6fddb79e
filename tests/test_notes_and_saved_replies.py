"""Internal notes (staff only, audited, scoped) and saved replies (reviewed texts in the family's
language, previewed before sending, no machine translation)."""

from sqlalchemy import select

from models import AuditEvent, ConversationNote, Message, OutboxMessage, SavedReply
from tests.factories import (
    FakeTranslator,
    add_conversation,
    login,
    make_family,
    make_school,
    make_staff,
    post,
)


def world(session):
    alder, birch = make_school(session, code="A", name="Alder"), make_school(
        session, code="B", name="Birch")
    lopez = make_family(session, school=alder, language="es")
    li = make_family(session, school=birch, phone="+19165550102", language="zh",
                     guardian_name="Li Wei", children=("Ming",))
    mine = add_conversation(session, guardian=lopez, school=alder,
                            messages=[("hola", "es", "hi")])
    theirs = add_conversation(session, guardian=li, school=birch,
                              messages=[("你好", "zh", "hello")])
    make_staff(session, "clerk.a@school.org", schools=[alder], name="Ana")
    make_staff(session, "clerk.b@school.org", schools=[birch], name="Bo")
    session.commit()
    return mine, theirs


def test_notes_stay_with_staff_and_are_scoped(client, session):
    mine, theirs = world(session)
    login(client, "clerk.a@school.org")
    assert post(client, f"/admin/c/{mine.id}/note", note="Mom works nights; call after 3"
                ).status_code == 302
    html = client.get(f"/admin/c/{mine.id}").get_data(as_text=True)
    assert "Mom works nights; call after 3" in html and "Ana ·" in html
    # Nothing for the family: no message, no outbox row.
    assert session.scalar(select(OutboxMessage.id)) is None
    assert session.scalars(select(Message.body).where(Message.direction == "out")).all() == []
    note = session.scalar(select(ConversationNote))
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "add_note")).one()
    assert (audit.subject_id, audit.details) == (mine.id, {"note_id": note.id})
    assert post(client, f"/admin/c/{theirs.id}/note", note="x").status_code == 404
    empty = post(client, f"/admin/c/{mine.id}/note", note="   ")
    assert empty.status_code == 302 and session.scalar(
        select(ConversationNote.id).where(ConversationNote.id != note.id)) is None


def test_a_saved_reply_in_the_familys_language_is_previewed_then_sent(app, client, session):
    mine, _ = world(session)
    translator = FakeTranslator(down=True)  # not needed: the saved text is already Spanish
    app.extensions["pipeline"].translator = translator
    login(client, "clerk.a@school.org")
    added = post(client, "/admin/saved-replies", title="Doctor's note received",
                 language="es", body="Recibimos la nota del doctor. Gracias.",
                 english="We got the doctor's note. Thank you.")
    assert added.status_code == 302
    again = post(client, "/admin/saved-replies", title="Doctor's note received",
                 language="es", body="otra", english="other")
    assert again.status_code == 400 and "already exists in Spanish" in again.get_data(
        as_text=True)
    saved = session.scalar(select(SavedReply))

    page = client.get(f"/admin/c/{mine.id}").get_data(as_text=True)
    assert f'<option value="{saved.id}">Doctor&#39;s note received</option>' in page
    preview = post(client, f"/admin/c/{mine.id}/reply", step="saved", saved=str(saved.id))
    html = preview.get_data(as_text=True)
    assert "Check before sending" in html and "Recibimos la nota del doctor. Gracias." in html
    assert not translator.calls
    post(client, f"/admin/c/{mine.id}/reply", step="send", language="es",
         text=saved.english, body=saved.body)
    sent = session.scalar(select(OutboxMessage))
    assert (sent.body, sent.language) == ("Recibimos la nota del doctor. Gracias.", "es")
    assert post(client, f"/admin/c/{mine.id}/reply", step="saved", saved="999999"
                ).status_code == 404


def test_only_the_author_or_the_district_deletes_a_saved_reply(client, session):
    world(session)
    login(client, "clerk.a@school.org")
    post(client, "/admin/saved-replies", title="Thanks", language="en", body="Thank you!",
         english="")
    saved = session.scalar(select(SavedReply))
    assert saved.english == "Thank you!"  # English needs no second copy
    client.post("/admin/logout", data={})
    login(client, "clerk.b@school.org")
    assert "Thank you!" in client.get("/admin/saved-replies").get_data(as_text=True)
    assert post(client, f"/admin/saved-replies/{saved.id}/delete").status_code == 403
    client.post("/admin/logout", data={})
    login(client, "clerk.a@school.org")
    assert post(client, f"/admin/saved-replies/{saved.id}/delete").status_code == 302
    session.expire_all()
    assert session.scalar(select(SavedReply.id)) is None
