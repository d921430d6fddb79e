"""`flask roster import`: good rows, bad rows with line numbers, re-import, updates."""

from sqlalchemy import func, select

from models import Guardian, Student, StudentGuardian
from tests.factories import make_school

HEADER = (
    "student_id,first_name,last_name,grade,school,"
    "guardian_name,guardian_phone,language,relationship\n"
)


def write(tmp_path, body, name="roster.csv", bom=False):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + (HEADER + body).encode("utf-8"))
    return path


def counts(session):
    return tuple(session.scalar(select(func.count()).select_from(m))
                 for m in (Student, Guardian, StudentGuardian))


def seed_schools(app):
    with app.extensions["db"].session() as s:
        make_school(s)
        make_school(s, code="HWH", name="H.W. Harkness Elementary School")


def test_good_file_imports_and_normalizes(app, runner, tmp_path, session):
    seed_schools(app)
    path = write(tmp_path, (
        "1001,Sofía,López,3,bhe,María López,(916) 555-0101,Spanish,mother\n"
        "1002,Bao,Vang,K,H.W. Harkness Elementary School,Yer Vang,916.555.0102,Hmong,mother\n"
        "1003,Lan,Chen,2,BHE,Wei Chen,1-916-555-0103,Cantonese,father\n"
        "1004,Ahmad,Noori,4,BHE,Gul Noori,9165550104,Dari,mother\n"
    ), bom=True)
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output
    guardians = {g.name: g for g in session.scalars(select(Guardian))}
    assert guardians["María López"].phone == "+19165550101"
    assert guardians["María López"].language == "es"
    assert guardians["Yer Vang"].language == "hmn"
    assert guardians["Wei Chen"].language == "zh"
    assert guardians["Gul Noori"].language == "fa"
    assert guardians["Gul Noori"].phone == "+19165550104"
    sofia = session.scalar(select(Student).where(Student.sis_id == "1001"))
    assert sofia.first_name == "Sofía" and sofia.school.code == "BHE"


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_imported(
    app, runner, tmp_path, session
):
    seed_schools(app)
    path = write(tmp_path, (
        "1001,Sofia,Lopez,3,BHE,Maria Lopez,916-555-0101,es,mother\n"   # line 2 ok
        "1002,Bao,Vang,K,Nowhere Elementary,Yer Vang,916-555-0102,hmn,mother\n"  # 3 bad school
        "1003,Lan,Chen,2,BHE,Wei Chen,12345,zh,father\n"                # 4 bad phone
        "1004,Ahmad,Noori,4,BHE,Gul Noori,916-555-0104,Klingon,mother\n"  # 5 bad language
        ",Nadia,Noori,1,BHE,Gul Noori,916-555-0104,fa,mother\n"          # 6 no student id
        "1006,Oksana,Koval,5,BHE,Iryna Koval,916-555-0106,uk,mother\n"   # 7 ok
    ))
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: rejected: unknown school 'Nowhere Elementary'" in result.output
    assert f"{path}:4: rejected: guardian_phone '12345'" in result.output
    assert f"{path}:5: rejected: unsupported language 'Klingon'" in result.output
    assert f"{path}:6: rejected: student_id is empty" in result.output
    assert "2 created" in result.output and "4 rejected" in result.output
    assert {s.sis_id for s in session.scalars(select(Student))} == {"1001", "1006"}


def test_quoted_multiline_field_keeps_physical_line_numbers(app, runner, tmp_path):
    seed_schools(app)
    path = write(tmp_path, (
        '1001,Sofia,Lopez,3,BHE,"Maria\nLopez",916-555-0101,es,mother\n'  # lines 2-3
        "1002,Bao,Vang,K,Nowhere,Yer Vang,916-555-0102,hmn,mother\n"        # line 4
    ))
    result = runner.invoke(args=["roster", "import", str(path)])
    assert f"{path}:4: rejected: unknown school" in result.output


def test_reimport_changes_nothing_and_update_updates_in_place(app, runner, tmp_path, session):
    seed_schools(app)
    body = "1001,Sofia,Lopez,3,BHE,Maria Lopez,916-555-0101,es,mother\n"
    path = write(tmp_path, body)
    assert runner.invoke(args=["roster", "import", str(path)]).exit_code == 0
    before = counts(session)
    again = runner.invoke(args=["roster", "import", str(path)])
    assert again.exit_code == 0 and "0 created, 0 updated, 1 unchanged" in again.output
    assert counts(session) == before
    updated = write(tmp_path, "1001,Sofia,Lopez,4,HWH,Maria Lopez,916-555-0101,English,mother\n",
                    name="roster2.csv")
    out = runner.invoke(args=["roster", "import", str(updated)])
    assert "1 updated" in out.output
    session.expire_all()
    assert counts(session) == before
    sofia = session.scalar(select(Student))
    assert (sofia.grade, sofia.school.code) == ("4", "HWH")
    assert session.scalar(select(Guardian)).language == "en"


def test_extra_columns_ignored_and_missing_column_refused(app, runner, tmp_path):
    seed_schools(app)
    path = tmp_path / "extra.csv"
    path.write_text(HEADER.strip() + ",homeroom\n"
                    "1001,Sofia,Lopez,3,BHE,Maria Lopez,916-555-0101,es,mother,12\n")
    assert runner.invoke(args=["roster", "import", str(path)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,first_name\n1,A\n")
    result = runner.invoke(args=["roster", "import", str(bad)])
    assert result.exit_code == 2
    assert "missing column(s): last_name" in result.output


def test_two_guardians_sharing_a_phone_are_both_kept(app, runner, tmp_path, session):
    seed_schools(app)
    path = write(tmp_path, (
        "1001,Sofia,Lopez,3,BHE,Maria Lopez,916-555-0101,es,mother\n"
        "1001,Sofia,Lopez,3,BHE,Rosa Lopez,916-555-0101,es,grandmother\n"
    ))
    assert runner.invoke(args=["roster", "import", str(path)]).exit_code == 0
    assert session.scalar(select(func.count()).select_from(Guardian)) == 2
    assert session.scalar(select(func.count()).select_from(StudentGuardian)) == 2


def test_an_optional_gender_column_is_read(app, runner, tmp_path, session):
    seed_schools(app)
    path = tmp_path / "roster.csv"
    path.write_text(HEADER.strip() + ",gender\n"
                    "2001,Lina,Haddad,5,BHE,Rana Haddad,9165550111,Arabic,mother,F\n"
                    "2002,Yousef,Haddad,K,BHE,Rana Haddad,9165550111,Arabic,mother,boy\n"
                    "2003,Sam,Haddad,2,BHE,Rana Haddad,9165550111,Arabic,mother,X\n",
                    encoding="utf-8")
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 0, result.output
    genders = dict(session.execute(select(Student.first_name, Student.gender)).all())
    assert genders == {"Lina": "f", "Yousef": "m", "Sam": None}


def test_an_unclosed_quote_is_reported_and_does_not_swallow_the_rows_after_it(
        app, runner, tmp_path, session):
    seed_schools(app)
    path = write(tmp_path, (
        '1001,Sofia,Lopez,3,BHE,"Maria Lopez,916-555-0101,es,mother\n'  # line 2: open quote
        "1002,Bao,Vang,K,BHE,Yer Vang,916-555-0102,hmn,mother\n"         # line 3
        "1003,Lan,Chen,2,BHE,Wei Chen,916-555-0103,zh,father\n"          # line 4
        "1004,Ahmad,Noori,4,BHE,Gul Noori,916-555-0104,fa,mother\n"      # line 5
        "1005,Ana,Ruiz,1,BHE,Rosa Ruiz,916-555-0105,es,mother\n"         # line 6
        "1006,Leo,Diaz,1,BHE,Eva Diaz,916-555-0106,es,mother\n"          # line 7
        "1007,Kim,Ly,1,BHE,Mai Ly,916-555-0107,vi,mother\n"              # line 8
    ))
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: rejected: a quote (\") is never closed" in result.output
    assert "6 created" in result.output and "1 rejected" in result.output
    names = set(session.scalars(select(Student.first_name)))
    assert names == {"Bao", "Lan", "Ahmad", "Ana", "Leo", "Kim"}


def test_nul_and_control_characters_are_removed_from_every_field(app, runner, tmp_path,
                                                                  session):
    seed_schools(app)
    path = write(tmp_path, "1001,So\x00fía\x07,Ló\x1bpez,3,BHE,Ma\x00ría López,"
                           "916-555-0101,Span\x00ish,mo\x0bther\r\n")
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 0, result.output
    student = session.scalar(select(Student))
    guardian = session.scalar(select(Guardian))
    assert (student.first_name, student.last_name) == ("Sofía", "López")
    assert (guardian.name, guardian.language) == ("María López", "es")
