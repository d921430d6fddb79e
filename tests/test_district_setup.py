"""A district sets itself up from files: schools (with the names its lists use), the school
calendar (CSV or .ics). Good files, every kind of bad row, BOM, CRLF, re-import and update."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from bot.imports.csv_file import RowError
from bot.imports.school_match import SchoolMatcher, normalized
from bot.school_calendar import is_school_day
from models import CalendarDay, School

SCHOOLS = (
    "code,name,aliases,timezone,start_time,phone,address\n"
    "BHE,Bret Harte Elementary School,Bret Harte|BHES,,08:00,(916) 395-5190,2751 9th Ave\n"
    "HWH,H. W. Harkness Elementary School,,America/Los_Angeles,8:15 AM,916-395-4585,\n"
    "MLK,Martin Luther King Jr. K-8 School,MLK Jr.,,07:50,,\n"
    "NIC,Nicholas Elementary School,Nicholas/CB Wire,,08:00,,\n"
)


def write(tmp_path, text, name="file.csv", bom=False, crlf=False):
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def run(runner, noun, path, *extra):
    return runner.invoke(args=[noun, "import", str(path), *extra])


@pytest.fixture
def schools(app, runner, tmp_path):
    result = run(runner, "schools", write(tmp_path, SCHOOLS, "schools.csv", bom=True, crlf=True))
    assert result.exit_code == 0, result.output
    return result


def test_schools_import_and_normalize(schools, session):
    assert "4 created" in schools.output
    bhe = session.scalar(select(School).where(School.code == "BHE"))
    assert (bhe.aliases, bhe.phone, bhe.start_time, bhe.timezone) == (
        ["Bret Harte", "BHES"], "+19163955190", time(8, 0), "America/Los_Angeles")
    hwh = session.scalar(select(School).where(School.code == "HWH"))
    assert hwh.start_time == time(8, 15)


def test_schools_reimport_changes_nothing_and_an_update_updates(schools, runner, tmp_path,
                                                               session):
    again = run(runner, "schools", write(tmp_path, SCHOOLS, "schools.csv"))
    assert "0 created, 0 updated, 4 unchanged" in again.output
    changed = SCHOOLS.replace("2751 9th Ave", "2751 Ninth Avenue")
    assert "1 updated" in run(runner, "schools", write(tmp_path, changed, "s2.csv")).output
    session.expire_all()
    assert session.scalar(select(School.address).where(School.code == "BHE")) == \
        "2751 Ninth Avenue"


def test_bad_school_rows_are_reported_and_the_rest_imported(app, runner, tmp_path, session):
    path = write(tmp_path, (
        "code,name,aliases,timezone,start_time,phone,address\n"
        ",No Code School,,,,,\n"                              # 2
        "ZZZ,,,,,,\n"                                         # 3
        "TZ,Bad Zone School,,Mars/Olympus,08:00,,\n"           # 4
        "TM,Bad Time School,,,25:99,,\n"                       # 5
        "PH,Bad Phone School,,,08:00,12345,\n"                 # 6
        "OK,Good School,,,08:00,,\n"                           # 7
        "OK2,Good School,,,08:00,,\n"                          # 8: name taken by OK
    ))
    result = run(runner, "schools", path)
    assert result.exit_code == 1
    for line, reason in ((2, "code is empty"), (3, "name is empty"), (4, "timezone"),
                         (5, "start_time"), (6, "phone"), (8, "already school OK")):
        assert f"{path}:{line}: rejected: " in result.output and reason in result.output
    assert session.scalar(select(func.count()).select_from(School)) == 1


def test_a_missing_required_column_is_one_error_before_anything_is_written(app, runner,
                                                                           tmp_path, session):
    result = run(runner, "schools", write(tmp_path, "code,aliases\nBHE,x\n"))
    assert result.exit_code == 2 and "missing column(s): name" in result.output
    assert session.scalar(select(func.count()).select_from(School)) == 0


@pytest.mark.parametrize("value,code", [
    ("BHE", "BHE"), ("bret harte elementary school", "BHE"), ("Bret Harte", "BHE"),
    ("H.W. Harkness", "HWH"), ("HW Harkness Elementary", "HWH"), ("mlk jr.", "MLK"),
    ("Martin Luther King Jr.", "MLK"), ("Nicholas/CB Wire", "NIC"), ("Nicholás", "NIC"),
])
def test_school_matching(schools, session, value, code):
    assert SchoolMatcher(session).find(value).code == code


def test_two_candidates_are_rejected_naming_both(schools, session):
    session.add(School(code="NIM", name="Nicholas Middle School", timezone="America/Los_Angeles"))
    session.flush()
    with pytest.raises(RowError, match="Nicholas Elementary School .NIC. and Nicholas Middle"):
        SchoolMatcher(session).find("Nicholas")
    with pytest.raises(RowError, match="unknown school"):
        SchoolMatcher(session).find("Sutterville")


def test_normalized_sets_generic_words_aside():
    assert normalized("H. W. Harkness Elementary School") == normalized("H.W. Harkness")
    assert normalized("Martin Luther King Jr. K-8 School") == "martinlutherking"


def test_the_roster_finds_schools_the_same_way(schools, runner, tmp_path, session):
    path = write(tmp_path, (
        "student_id,first_name,last_name,grade,school,guardian_name,guardian_phone,language,"
        "relationship\n"
        "1,Ana,Ruiz,2,Bret Harte,Rosa Ruiz,9165550101,es,mother\n"
        "2,Leo,Ruiz,4,MLK Jr.,Rosa Ruiz,9165550101,es,mother\n"
        "3,Kim,Ly,1,Sutterville,Mai Ly,9165550102,vi,mother\n"))
    result = run(runner, "roster", path)
    assert f"{path}:4: rejected: unknown school 'Sutterville'" in result.output
    assert "2 created" in result.output


CALENDAR = (
    "date,school,kind,note\n"
    "2026-11-26..2026-11-27,,holiday,Thanksgiving\n"
    "2026-12-21..2027-01-01,,break,Winter break\n"
    "12/2/2026,Bret Harte,minimum_day,Conferences\n"
    "2026-12-04,H.W. Harkness,no_school,Staff development\n"
)


def test_calendar_import_ranges_schools_and_kinds(schools, runner, tmp_path, session):
    result = run(runner, "calendar", write(tmp_path, CALENDAR, "cal.csv", bom=True, crlf=True))
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output
    days = session.scalars(select(CalendarDay)).all()
    assert len(days) == 2 + 12 + 1 + 1
    bhe, hwh = (session.scalar(select(School).where(School.code == c)) for c in ("BHE", "HWH"))
    assert not is_school_day(session, bhe, date(2026, 11, 26))   # district holiday
    assert is_school_day(session, bhe, date(2026, 12, 2))        # a minimum day is a school day
    assert not is_school_day(session, hwh, date(2026, 12, 4))    # that school only
    assert is_school_day(session, bhe, date(2026, 12, 4))
    again = run(runner, "calendar", write(tmp_path, CALENDAR, "cal.csv"))
    assert "0 created, 0 updated, 4 unchanged" in again.output
    moved = CALENDAR.replace("Staff development", "Teacher training")
    assert "1 updated" in run(runner, "calendar", write(tmp_path, moved, "c2.csv")).output


def test_bad_calendar_rows(schools, runner, tmp_path, session):
    path = write(tmp_path, (
        "date,school,kind,note\n"
        "2026-13-01,,holiday,\n"              # 2 bad date
        "2026-12-10..2026-12-01,,break,\n"    # 3 backwards
        "2026-12-10,,party,\n"                # 4 bad kind
        "2026-12-10,Nowhere,holiday,\n"       # 5 unknown school
        "2026-12-11,,Holiday,Founders day\n"  # 6 ok (case)
    ))
    result = run(runner, "calendar", path)
    assert result.exit_code == 1
    for line in (2, 3, 4, 5):
        assert f"{path}:{line}: rejected:" in result.output
    assert session.scalar(select(CalendarDay.note)) == "Founders day"


def test_an_ics_calendar(schools, runner, tmp_path, session):
    ics = write(tmp_path, (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//District//EN\n"
        "BEGIN:VEVENT\nUID:1\nDTSTART;VALUE=DATE:20261126\nDTEND;VALUE=DATE:20261128\n"
        "SUMMARY:Thanksgiving Break\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:2\nDTSTART:20261203T180000Z\nDTEND:20261203T190000Z\n"
        "SUMMARY:Board meeting\nEND:VEVENT\n"
        "END:VCALENDAR\n"), "district.ics", crlf=True)
    result = run(runner, "calendar", ics)
    assert result.exit_code == 0, result.output
    days = session.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    assert [(d.day, d.kind, d.note, d.school_id) for d in days] == [
        (date(2026, 11, 26), "no_school", "Thanksgiving Break", None),
        (date(2026, 11, 27), "no_school", "Thanksgiving Break", None)]
    one = run(runner, "calendar", ics, "--school", "MLK Jr.")
    assert one.exit_code == 0
    assert session.scalar(select(func.count()).select_from(CalendarDay)) == 4
    broken = write(tmp_path, "this is not a calendar", "broken.ics")
    assert run(runner, "calendar", broken).exit_code == 2


EVENTS = (
    "code,school,title,starts_at,ends_at,place,meal,childcare,audience,invite_days_before,"
    "title_es\n"
    "rss-bhe,Bret Harte,\"Ready, Set, Succeed!\",2026-10-21 17:30,2026-10-21 19:00,Library,"
    "dinner,yes,school,14,\"¡Listos, a triunfar!\"\n"
    "lit-mlk,MLK Jr.,Family Literacy Night,10/22/2026 5:30 PM,,Gym,,no,grade:K-3,7,\n"
    "dist,,District Family Fair,2026-11-05T10:00,2026-11-05T14:00,Cal Expo,lunch,yes,"
    "tier:at_risk+,21,\n"
)


def test_events_import_translates_titles_once(schools, app, runner, tmp_path, session):
    from datetime import UTC, datetime

    from models import Event, EventTitle
    from tests.factories import FakeTranslator

    translator = FakeTranslator()
    app.extensions["pipeline"].translator = translator
    result = run(runner, "events", write(tmp_path, EVENTS, "events.csv", bom=True, crlf=True))
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    rss = session.scalar(select(Event).where(Event.code == "rss-bhe"))
    assert (rss.place, rss.meal, rss.childcare, rss.audience, rss.invite_days_before) == (
        "Library", "dinner", True, "school", 14)
    # 17:30 in Sacramento is 00:30 UTC the next day.
    assert rss.starts_at.replace(tzinfo=UTC) == datetime(2026, 10, 22, 0, 30, tzinfo=UTC)
    titles = {(t.language, t.origin): t.text for t in session.scalars(
        select(EventTitle).where(EventTitle.event_id == rss.id))}
    assert titles[("es", "staff")] == "¡Listos, a triunfar!"
    assert titles[("vi", "machine")] == "[vi] Ready, Set, Succeed!"
    assert ("es", "machine") not in titles  # staff's own never re-translated
    assert len(translator.calls) == 3 * 11 - 1
    again = run(runner, "events", write(tmp_path, EVENTS, "events.csv"))
    assert "0 created, 0 updated, 3 unchanged" in again.output
    assert len(translator.calls) == 3 * 11 - 1  # once, not on every import
    renamed = EVENTS.replace("Family Literacy Night", "Family Reading Night")
    assert "1 updated" in run(runner, "events", write(tmp_path, renamed, "e2.csv")).output
    session.expire_all()
    lit = session.scalar(select(Event).where(Event.code == "lit-mlk"))
    assert {t.text for t in lit.titles if t.language == "vi"} == {"[vi] Family Reading Night"}


def test_an_untranslated_title_is_never_english_to_a_spanish_family(schools, runner,
                                                                     tmp_path, session):
    from bot.events import event_title
    from bot.messages.render import render
    from models import Event

    assert "waiting for the translation service" in run(
        runner, "events", write(tmp_path, EVENTS, "events.csv")).output  # translation is off
    lit = session.scalar(select(Event).where(Event.code == "lit-mlk"))
    assert event_title(lit, "en") == "Family Literacy Night"
    assert event_title(lit, "vi") == render({"template": "event_unnamed"}, "vi")


def test_bad_event_rows(schools, runner, tmp_path, session):
    path = write(tmp_path, (
        "code,school,title,starts_at,ends_at,place,meal,childcare,audience,invite_days_before\n"
        ",BHE,No code,2026-10-21 17:30,,,,no,,\n"                  # 2
        "a,BHE,,2026-10-21 17:30,,,,no,,\n"                         # 3
        "b,BHE,Bad start,tomorrow at six,,,,no,,\n"                 # 4
        "c,BHE,Backwards,2026-10-21 17:30,2026-10-21 16:00,,,no,,\n"  # 5
        "d,BHE,Bad audience,2026-10-21 17:30,,,,no,everyone,\n"     # 6
        "e,BHE,Bad childcare,2026-10-21 17:30,,,,maybe,,\n"         # 7
        "f,BHE,Bad days,2026-10-21 17:30,,,,no,,200\n"              # 8
        "g,Nowhere,Unknown school,2026-10-21 17:30,,,,no,,\n"       # 9
        "h,BHE,Good,2026-10-21 17:30,,,,no,grade:tk-5,\n"           # 10
    ))
    result = run(runner, "events", path)
    assert result.exit_code == 1
    for line in range(2, 10):
        assert f"{path}:{line}: rejected:" in result.output, line
    assert "1 created" in result.output


RESOURCES = (
    "type,name,phone,address,hours,url,languages,school,description_en,description_es\n"
    "food,Sacramento Food Bank,(916) 456-1980,1951 Bell Ave,Mon-Fri 9-4,"
    "https://sacramentofoodbank.org,English|Spanish,,Free groceries every weekday.,"
    "Despensa gratis todos los días de semana.\n"
    "housing,2-1-1,211,,24/7,,many,,\"Dial 2-1-1, day or night.\",\n"
    "clothing,Clothes Closet,916-277-6892,,,,,Bret Harte,,\n"
)


def test_resources_import_and_answers_in_the_familys_language(schools, app, runner,
                                                              tmp_path, session):
    from bot.directory import find_resource
    from bot.messages.render import render
    from models import Resource
    from tests.factories import FakeTranslator

    app.extensions["pipeline"].translator = FakeTranslator({
        "Dial 2-1-1, day or night.": "Marque 2-1-1, de día o de noche."})
    result = run(runner, "resources", write(tmp_path, RESOURCES, "res.csv", bom=True))
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    housing = find_resource(session, "housing", None)
    assert housing["resource"]["phone"] == "211"
    spanish = render({"template": "resource_answer", "vars": {"resource": housing}}, "es")
    assert "Marque 2-1-1, de día o de noche." in spanish and "Dial" not in spanish
    food = render({"template": "resource_answer", "vars": {
        "resource": find_resource(session, "food", None)}}, "es")
    assert "Despensa gratis" in food and "Free groceries" not in food
    bhe = session.scalar(select(School.id).where(School.code == "BHE"))
    assert find_resource(session, "clothing", bhe)["resource"]["name"] == "Clothes Closet"
    assert find_resource(session, "clothing", None) is None  # that school's only
    again = run(runner, "resources", write(tmp_path, RESOURCES, "res.csv"))
    assert "0 created, 0 updated, 3 unchanged" in again.output
    moved = RESOURCES.replace("1951 Bell Ave", "3333 3rd Ave")
    assert "1 updated" in run(runner, "resources", write(tmp_path, moved, "r2.csv")).output
    assert session.scalar(select(func.count()).select_from(Resource)) == 3


def test_bad_resource_rows(schools, runner, tmp_path, session):
    path = write(tmp_path, (
        "type,name,phone,address,hours,url,languages,school\n"
        "pizza,Pizza Place,,,,,,\n"                       # 2
        "food,,,,,,,\n"                                   # 3
        "food,Bad Phone,12,,,,,\n"                        # 4
        "food,Bad Url,,,,javascript:alert(1),,\n"         # 5
        "food,Bad School,,,,,,Nowhere\n"                  # 6
        "Food,Good Pantry,9165550100,,,,,\n"              # 7 ok
    ))
    result = run(runner, "resources", path)
    assert result.exit_code == 1
    for line in range(2, 7):
        assert f"{path}:{line}: rejected:" in result.output, line
    assert "1 created" in result.output
