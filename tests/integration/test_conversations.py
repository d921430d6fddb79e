"""Whole conversations through the signed Twilio webhook, the real Rasa server with the trained
model, the real action server and a real database: for every language an absence report, an
RSVP and a resource request (database rows checked), plus the harder paths."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.messages.render import render
from models import AbsenceReport, Conversation, Message, ResourceRequest, Rsvp
from tests.factories import send_sms
from tests.integration.helpers import Family, texts

pytestmark = pytest.mark.rasa

ABSENCE = {
    "en": "Sofia is sick today, she has a fever",
    "es": "Sofia no va a ir hoy porque tiene fiebre",
    "zh": "Sofia今日發燒，唔返學",
    "hmn": "Sofia mob hnub no, tsis mus kawm ntawv",
    "vi": "hôm nay Sofia bị sốt nên nghỉ học",
    "ru": "София сегодня не придет, у нее температура",
    "uk": "Софія сьогодні хвора, в неї температура",
    "ar": "صوفيا مريضة اليوم عندها حرارة",
    "pa": "ਸੋਫੀਆ ਅੱਜ ਬਿਮਾਰ ਹੈ, ਬੁਖਾਰ ਹੈ",
    "fa": "صوفیا امروز مریض است، تب دارد",
    "ps": "صوفیا نن ناروغه ده، تبه لري",
    "tl": "hindi makakapasok si Sofia ngayon, may lagnat siya",
}
RSVP = {
    "en": "yes we will come, 2 adults and 3 kids",
    "es": "si vamos a ir, 2 adultos y 3 niños",
    "zh": "會去，2個大人3個小朋友",
    "hmn": "yog, peb yuav tuaj, 2 tus neeg laus thiab 3 tus me nyuam",
    "vi": "có, nhà em sẽ đi, 2 người lớn và 3 trẻ em",
    "ru": "да, придем, 2 взрослых и 3 детей",
    "uk": "так, прийдемо, 2 дорослих і 3 дітей",
    "ar": "نعم سنحضر، 2 كبار و 3 أطفال",
    "pa": "ਹਾਂ ਜੀ ਅਸੀਂ ਆਵਾਂਗੇ, 2 ਵੱਡੇ ਤੇ 3 ਬੱਚੇ",
    "fa": "بلی می‌آییم، ۲ کلان و ۳ طفل",
    "ps": "هو، راځو، ۲ لویان او ۳ ماشومان",
    "tl": "oo pupunta kami, 2 matanda at 3 bata",
}
FOOD = {
    "en": "do you know where we can get food? we have nothing to eat",
    "es": "necesito ayuda con comida, no tenemos que comer",
    "zh": "我哋屋企冇嘢食，有冇食物銀行？",
    "hmn": "peb tsis muaj zaub mov noj, puas muaj kev pab",
    "vi": "nhà em hết đồ ăn rồi, có chỗ nào giúp không",
    "ru": "нам нужна помощь с едой, дома нечего есть",
    "uk": "нам потрібна допомога з їжею",
    "ar": "نحتاج مساعدة في الطعام، ما عندنا أكل",
    "pa": "ਸਾਨੂੰ ਖਾਣੇ ਦੀ ਮਦਦ ਚਾਹੀਦੀ ਹੈ",
    "fa": "ما به غذا کمک ضرورت داریم",
    "ps": "د خوړو مرسته غواړم",
    "tl": "kailangan po namin ng tulong sa pagkain",
}
TZ = ZoneInfo("America/Los_Angeles")


def today():
    return datetime.now(TZ).date()


def rows(app, model, *where):
    with app.extensions["db"].session() as s:
        return list(s.scalars(select(model).where(*where)))


@pytest.mark.parametrize("language", sorted(ABSENCE))
def test_absence_report_in_every_language(live_app, language):
    family = Family(live_app, language=language)
    replies = family.says(ABSENCE[language])
    reports = rows(live_app, AbsenceReport)
    assert [(r.student_id, r.day, r.kind, r.reason) for r in reports] == [
        (family.children["Sofia"], today(), "absence", "illness")]
    expected = render({"template": "absence_recorded", "vars": {
        "child": {"list": ["Sofia"]}, "dates": {"dates": [today().isoformat()]}}}, language)
    assert replies[0] == expected
    # Reporting the same thing again is still one record.
    family.says(ABSENCE[language])
    assert len(rows(live_app, AbsenceReport)) == 1


@pytest.mark.parametrize("language", sorted(RSVP))
def test_rsvp_in_every_language(live_app, language):
    family = Family(live_app, language=language)
    event_id = family.invite()
    replies = family.says(RSVP[language])
    [rsvp] = rows(live_app, Rsvp, Rsvp.event_id == event_id)
    assert (rsvp.answer, rsvp.adults, rsvp.children) == ("yes", 2, 3)
    assert replies[0].startswith(render({"template": "rsvp_yes_counts", "vars": {
        "adults": 2, "children": 3, "event": "Ready, Set, Succeed!",
        "date": {"date": (datetime.now(TZ) + timedelta(days=3)).date().isoformat()}}},
        language)[:12])


@pytest.mark.parametrize("language", sorted(FOOD))
def test_resource_request_in_every_language(live_app, language):
    family = Family(live_app, language=language)
    family.add_resources()
    replies = family.says(FOOD[language])
    requests = rows(live_app, ResourceRequest)
    assert [(r.guardian_id, r.resource_type) for r in requests] == [(family.guardian_id, "food")]
    expected = render({"template": "resource_answer", "vars": {"resource": {"resource": {
        "resource_type": "food", "name": "Sacramento Food Bank", "phone": "+19164568304",
        "address": None, "url": "https://example.org"}}}}, language)
    assert replies == [expected]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "we need food and a bus pass"),
    ("es", "necesitamos comida y ropa para los niños"),
])
def test_two_needs_in_one_text_open_two_requests(live_app, language, text):
    family = Family(live_app, language=language)
    family.add_resources()
    family.says(text)
    kinds = {r.resource_type for r in rows(live_app, ResourceRequest)}
    assert "food" in kinds and len(kinds) == 2


def test_multi_child_family_is_asked_which_child(live_app):
    family = Family(live_app, language="es", children=("Sofia", "Jose"))
    replies = family.says("mi hijo esta enfermo hoy, tiene gripa")
    assert replies == [render({"template": "ask_child",
                               "vars": {"children": {"list": ["Jose", "Sofia"]}}}, "es")]
    assert rows(live_app, AbsenceReport) == []
    family.says("jose")
    [report] = rows(live_app, AbsenceReport)
    assert (report.student_id, report.day, report.reason) == (
        family.children["Jose"], today(), "illness")


def test_date_range_records_every_school_day(live_app):
    family = Family(live_app, language="en")
    family.says("Sofia will be out monday to wednesday, we are traveling to see family")
    start = today() + timedelta(days=(0 - today().weekday()) % 7)
    expected = [start, start + timedelta(days=1), start + timedelta(days=2)]
    reports = sorted(rows(live_app, AbsenceReport), key=lambda r: r.day)
    assert [r.day for r in reports] == expected
    assert {r.reason for r in reports} == {"travel"}


def test_reason_is_asked_once_and_not_insisted_on(live_app):
    family = Family(live_app, language="es")
    replies = family.says("Sofia no va a ir a la escuela hoy")
    assert replies == [render({"template": "ask_reason"}, "es")]
    family.says("prefiero no decir")
    [report] = rows(live_app, AbsenceReport)
    assert (report.day, report.reason) == (today(), "unspecified")


@pytest.mark.parametrize(("language", "report", "answer"), [
    ("en", "Sofia wont be in school today", "because we dont have a car"),
    ("es", "Sofia no va a ir a la escuela hoy", "porque no tenemos carro"),
    ("hmn", "Sofia tsis mus kawm ntawv hnub no", "vim peb tsis muaj tsheb"),
    ("ru", "София сегодня не придет в школу", "нет машины"),
])
def test_a_bare_reason_answers_the_reason_question(live_app, language, report, answer):
    family = Family(live_app, language=language)
    assert family.says(report) == [render({"template": "ask_reason"}, language)]
    family.says(answer)
    [report_row] = rows(live_app, AbsenceReport)
    assert (report_row.day, report_row.reason) == (today(), "transportation")
    assert rows(live_app, ResourceRequest) == []  # the answer, not a request for help


def test_correction_moves_the_report_to_the_right_child(live_app):
    family = Family(live_app, language="en", children=("Maria", "Jose"))
    family.says("Maria is sick today")
    assert [r.student_id for r in rows(live_app, AbsenceReport)] == [family.children["Maria"]]
    replies = family.says("no, it's Jose, not Maria")
    [report] = rows(live_app, AbsenceReport)
    assert (report.student_id, report.day) == (family.children["Jose"], today())
    assert "Jose" in replies[0]


def test_safety_goes_to_staff_with_priority_and_a_caring_reply(live_app):
    family = Family(live_app, language="en")
    replies = family.says("Sofia won't go today, she is scared because kids are bullying her")
    [conv] = rows(live_app, Conversation)
    assert conv.state == "waiting" and conv.priority == 2
    assert render({"template": "handoff_caring", "vars": {
        "school": "Bret Harte Elementary School"}}, "en") in replies
    [report] = rows(live_app, AbsenceReport)
    assert report.reason == "safety"


def test_hand_off_to_a_person_then_the_bot_stays_quiet(live_app):
    family = Family(live_app, language="es")
    replies = family.says("quiero hablar con una persona por favor")
    assert replies == [render({"template": "handoff", "vars": {
        "school": "Bret Harte Elementary School"}}, "es")]
    [conv] = rows(live_app, Conversation)
    assert conv.state == "waiting"
    assert family.says("hola? alguien?") == []
    assert len(rows(live_app, Message, Message.direction == "in")) == 2


def test_unknown_phone_number(live_app):
    client = live_app.test_client()
    replies = texts(send_sms(client, "hola mi hija esta enferma", sender="+19165559999"))
    assert replies == [render({"template": "unknown_number"}, "es")]
    assert rows(live_app, AbsenceReport) == []
    [conv] = rows(live_app, Conversation)
    assert conv.state == "waiting" and conv.guardian_id is None


def test_bot_understand_prints_one_json_line_per_message(live_app):
    lines = [ABSENCE["es"], FOOD["ps"], "we need food and a bus pass", RSVP["vi"], "hola"]
    result = live_app.test_cli_runner().invoke(args=["bot", "understand"],
                                               input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["text"] for o in out] == lines
    assert set(out[0]) == {"text", "language", "intent", "confidence", "absence_reason",
                           "resource_type", "rsvp", "entities"}
    assert (out[0]["language"], out[0]["intent"], out[0]["absence_reason"]) == \
        ("es", "report_absence", "illness")
    assert (out[1]["language"], out[1]["intent"], out[1]["resource_type"]) == \
        ("ps", "request_resource", "food")
    assert {e["value"] for e in out[2]["entities"]} == {"food", "transportation"}
    assert (out[3]["language"], out[3]["intent"], out[3]["rsvp"]) == ("vi", "rsvp", "yes")
    assert out[4]["intent"] == "greet" and out[4]["absence_reason"] is None


def test_export_absences_csv(live_app):
    family = Family(live_app, language="es")
    family.says(ABSENCE["es"])
    result = live_app.test_cli_runner().invoke(args=["export", "absences"])
    lines = result.output.strip().splitlines()
    assert lines[0] == "student_id,date,kind,reason,guardian_phone,language,message,reported_at"
    assert lines[1].startswith("S", 0) and f",{today().isoformat()},absence,illness," \
        f"+19165550101,es,{ABSENCE['es']}," in lines[1]
