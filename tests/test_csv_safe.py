"""Every CSV staff download is safe to open in a spreadsheet: a family's text that looks like a
formula arrives as text."""

import csv
import io
from datetime import date

import pytest

from bot.csv_safe import safe_cell
from bot.exports import export_absences
from models import AbsenceReport, Message
from tests.factories import add_conversation, make_family


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("+19165550101", "+19165550101"),  # a phone number is only a number
    ("-3", "-3"),
    ("Sofía está enferma", "Sofía está enferma"),
    (5, 5),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_a_formula_in_a_family_message_reaches_the_clerk_as_text(app, session):
    guardian = make_family(session)
    conv = add_conversation(session, guardian, state="bot", messages=[
        ('=HYPERLINK("http://evil.example","Sofia is sick")', "en", None)])
    message = session.query(Message).filter_by(conversation_id=conv.id).one()
    session.add(AbsenceReport(student_id=guardian.students[0].id, day=date(2026, 12, 3),
                              reason="illness", guardian_id=guardian.id, message_id=message.id))
    session.flush()
    out = io.StringIO()
    assert export_absences(session, out) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["message"] == '\'=HYPERLINK("http://evil.example","Sofia is sick")'
    assert row["guardian_phone"] == "+19165550101"
