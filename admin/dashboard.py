"""The dashboard's figures (/admin/dashboard), for the staff member's schools (district staff:
every school, or one they pick). Each ``Figure`` is a table — the chart's text alternative and
its CSV — plus an SVG chart drawn from the same rows (admin.svg_charts), so what is seen, read
aloud and downloaded never differ.

Figures: absence reasons by week (last 8 weeks); the chronic-absence rate (students missing
10 % or more) by school at each attendance import; students per tier now; outreach texts sent,
delivered and failed by kind (last 30 days); conversations waiting and the median time to a
staff reply (last 30 days); families that cannot be texted; open requests for help by type;
RSVP headcounts for the coming events; and whether the outreach works — the absence rate after
assignment, treatment against holdout (bot.impact), each segment's difference and interval.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import abort
from markupsafe import Markup
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from admin import svg_charts
from admin.scope import at_schools, guardians_at, requests_at, school_ids, visible_schools
from bot.tiers import ORDER as TIERS
from bot.tiers import school_year_start
from bot.web.ids import parse_id
from config import Config
from models import (
    AbsenceReport,
    Conversation,
    Event,
    Guardian,
    HoldoutAssignment,
    Message,
    OutboxMessage,
    ResourceRequest,
    Rsvp,
    School,
    StaffUser,
    Student,
    TierSnapshot,
)
from models.base import as_utc, utcnow

WEEKS = 8
RECENT = timedelta(days=30)
TREND_POINTS = 12
CHRONIC = 0.10  # Attendance Works: missing 10 % or more of school days
OUTREACH_KINDS = ("nudge", "praise", "invitation", "reminder", "followup", "nudge_offer")
DELIVERY = {"sent": "sent", "delivered": "delivered", "read": "delivered", "failed": "failed",
            "undelivered": "failed", "suppressed": "not sent", "queued": "waiting",
            "sending": "waiting"}


@dataclass
class Figure:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: Markup | None = None
    note: str = ""  # one sentence under the chart


@dataclass
class Dashboard:
    schools: list[School]  # the picker's choices
    school_id: int | None  # picked (district staff), else None = all of the staff's
    figures: list[Figure] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)  # headline figures


def _scope(db: Session, staff: StaffUser, raw: str | None) -> tuple[list[int] | None, int | None]:
    """(school ids to count — None = every school —, the picked school)."""
    ids = school_ids(staff)
    if raw:
        picked = parse_id(raw)
        if picked is None or (ids is not None and picked not in ids) or \
                db.get(School, picked) is None:
            abort(404)
        return [picked], picked
    return ids, None


def _students(ids: list[int] | None) -> Select:
    query = select(Student.id)
    return query if ids is None else query.where(Student.school_id.in_(ids))


def _guardians(ids: list[int] | None) -> Select:
    return select(Guardian.id) if ids is None else guardians_at(ids)


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def absence_reasons(db: Session, ids, today: date) -> Figure:
    start = _week(today) - timedelta(weeks=WEEKS - 1)
    rows = db.execute(
        select(AbsenceReport.day, School.name, AbsenceReport.reason, func.count())
        .join(Student, Student.id == AbsenceReport.student_id)
        .join(School, School.id == Student.school_id)
        .where(AbsenceReport.day >= start, AbsenceReport.kind == "absence",
               AbsenceReport.student_id.in_(_students(ids)))
        .group_by(AbsenceReport.day, School.name, AbsenceReport.reason)).all()
    by_week: Counter = Counter()
    table: Counter = Counter()
    for day, school, reason, count in rows:
        by_week[(_week(day), reason)] += count
        table[(_week(day), school, reason)] += count
    weeks = [start + timedelta(weeks=i) for i in range(WEEKS)]
    reasons = sorted({reason for _, reason in by_week}, key=lambda r: -sum(
        c for (w, rr), c in by_week.items() if rr == r))
    series = {r.replace("_", " "): [by_week[(w, r)] for w in weeks] for r in reasons}
    return Figure(
        "absence_reasons", "Absence reasons by week", ["week_of", "school", "reason", "reports"],
        [[w.isoformat(), s, r, c] for (w, s, r), c in sorted(table.items())],
        svg_charts.bar_chart("Absence reports by week and reason",
                             [w.strftime("%b %-d") for w in weeks], series),
        f"{sum(table.values())} absence reports in the last {WEEKS} weeks.")


def chronic_trend(db: Session, ids) -> Figure:
    chronic = func.sum(case((TierSnapshot.rate >= CHRONIC, 1), else_=0))
    dates = list(db.scalars(
        select(TierSnapshot.as_of).distinct().where(TierSnapshot.student_id.in_(_students(ids)))
        .order_by(TierSnapshot.as_of.desc()).limit(TREND_POINTS)))[::-1]
    rows = db.execute(
        select(TierSnapshot.as_of, School.name, func.count(), chronic)
        .join(Student, Student.id == TierSnapshot.student_id)
        .join(School, School.id == Student.school_id)
        .where(TierSnapshot.as_of.in_(dates), TierSnapshot.student_id.in_(_students(ids)))
        .group_by(TierSnapshot.as_of, School.name)).all() if dates else []
    rate = {(d, s): round(100 * (c or 0) / n, 1) for d, s, n, c in rows}
    schools = sorted({s for _, s in rate})
    series = {s: [rate.get((d, s)) for d in dates] for s in schools}
    return Figure(
        "chronic_trend", "Chronic absence by school (missing 10 % or more)",
        ["as_of", "school", "students", "chronically_absent", "percent"],
        [[d.isoformat(), s, n, int(c or 0), rate[(d, s)]] for d, s, n, c in sorted(rows)],
        svg_charts.line_chart("Percent of students chronically absent, by school",
                              [d.strftime("%b %-d") for d in dates], series, " %")
        if dates else None,
        "From each attendance import's tier snapshot." if dates else
        "No attendance imported yet.")


def tiers_now(db: Session, ids) -> Figure:
    newest = (select(TierSnapshot.student_id, func.max(TierSnapshot.as_of).label("as_of"))
              .where(TierSnapshot.student_id.in_(_students(ids)))
              .group_by(TierSnapshot.student_id).subquery())
    counts = dict(db.execute(
        select(TierSnapshot.tier, func.count())
        .join(newest, (newest.c.student_id == TierSnapshot.student_id) &
              (newest.c.as_of == TierSnapshot.as_of))
        .group_by(TierSnapshot.tier)).all())
    labels = [t.replace("_", " ") for t in TIERS]
    return Figure(
        "tiers", "Students per attendance tier", ["tier", "students"],
        [[t, counts.get(t, 0)] for t in TIERS],
        svg_charts.bar_chart("Students per tier", labels,
                             {"students": [counts.get(t, 0) for t in TIERS]}),
        f"{sum(counts.values())} students with attendance on record.")


def outreach(db: Session, ids, now: datetime) -> Figure:
    query = (select(OutboxMessage.kind, OutboxMessage.status, func.count())
             .where(OutboxMessage.kind.in_(OUTREACH_KINDS),
                    OutboxMessage.created_at >= now - RECENT)
             .group_by(OutboxMessage.kind, OutboxMessage.status))
    if ids is not None:
        query = query.where(OutboxMessage.guardian_id.in_(_guardians(ids)))
    counts: Counter = Counter()
    for kind, status, count in db.execute(query):
        counts[(kind, DELIVERY.get(status, status))] += count
    states = ["delivered", "sent", "waiting", "failed", "not sent"]
    kinds = [k for k in OUTREACH_KINDS if any(counts[(k, s)] for s in states)] or \
        list(OUTREACH_KINDS[:3])
    return Figure(
        "outreach", "Outreach texts in the last 30 days", ["kind", "state", "texts"],
        [[k, s, counts[(k, s)]] for k in kinds for s in states if counts[(k, s)]],
        svg_charts.bar_chart("Outreach texts by kind and delivery state",
                             [k.replace("_", " ") for k in kinds],
                             {s: [counts[(k, s)] for k in kinds] for s in states}),
        "“Not sent”: the family opted out or cannot be texted.")


def requests_open(db: Session, ids) -> Figure:
    query = (select(ResourceRequest.resource_type, func.count())
             .where(ResourceRequest.status.in_(("new", "contacted")))
             .group_by(ResourceRequest.resource_type)
             .order_by(func.count().desc()))
    if ids is not None:
        query = query.where(requests_at(ids))
    rows = db.execute(query).all()
    return Figure(
        "requests", "Open requests for help by need", ["need", "open_requests"],
        [[k, c] for k, c in rows],
        svg_charts.bar_chart("Open requests for help", [k.replace("_", " ") for k, _ in rows],
                             {"open": [c for _, c in rows]}) if rows else None,
        "New or contacted, not yet fulfilled or declined." if rows else "None open.")


def rsvps(db: Session, ids, now: datetime) -> Figure:
    query = (select(Event.title, Event.starts_at,
                    func.count(Rsvp.id).filter(Rsvp.answer.in_(("yes", "maybe"))),
                    func.coalesce(func.sum(Rsvp.adults).filter(Rsvp.answer == "yes"), 0),
                    func.coalesce(func.sum(Rsvp.children).filter(Rsvp.answer == "yes"), 0),
                    func.count(Rsvp.id).filter(Rsvp.needs_childcare.is_(True)))
             .outerjoin(Rsvp, Rsvp.event_id == Event.id)
             .where(Event.starts_at >= now, Event.starts_at < now + timedelta(days=60),
                    Event.cancelled_at.is_(None))
             .group_by(Event.id, Event.title, Event.starts_at).order_by(Event.starts_at))
    if ids is not None:
        query = query.where(or_(Event.school_id.in_(ids), Event.school_id.is_(None)))
    rows = db.execute(query).all()
    return Figure(
        "rsvps", "RSVPs for coming events",
        ["event", "starts_at", "families_yes_or_maybe", "adults", "children",
         "families_needing_childcare"],
        [[t, as_utc(s).isoformat(timespec="minutes"), f, a, c, cc]
         for t, s, f, a, c, cc in rows],
        svg_charts.bar_chart("Headcount said yes, by event", [t for t, *_ in rows],
                             {"adults": [a for *_, a, c, cc in rows],
                              "children": [c for *_, c, cc in rows]}) if rows else None,
        "Events in the next 60 days." if rows else "No events in the next 60 days.")


def response_minutes(db: Session, ids, now: datetime) -> list[float]:
    """Minutes from each family message to the staff reply that answered it (last 30 days)."""
    convs = select(Conversation.id)
    if ids is not None:
        convs = convs.where(at_schools(ids))
    staffed = select(Message.conversation_id).where(Message.staff_id.is_not(None),
                                                    Message.created_at >= now - RECENT)
    rows = db.execute(
        select(Message.conversation_id, Message.direction, Message.staff_id,
               Message.created_at)
        .where(Message.conversation_id.in_(convs), Message.conversation_id.in_(staffed),
               Message.created_at >= now - RECENT)
        .order_by(Message.conversation_id, Message.id)).all()
    waiting: dict[int, datetime] = {}
    minutes = []
    for conv_id, direction, staff_id, created in rows:
        if direction == "in":
            waiting.setdefault(conv_id, as_utc(created))
        elif staff_id is not None and conv_id in waiting:
            minutes.append((as_utc(created) - waiting.pop(conv_id)).total_seconds() / 60)
    return minutes


def headline(db: Session, ids, now: datetime) -> dict[str, str]:
    convs = select(func.count()).select_from(Conversation).where(
        Conversation.state == "waiting")
    if ids is not None:
        convs = convs.where(at_schools(ids))
    unreachable = select(func.count()).select_from(Guardian).where(
        or_(Guardian.phone_unreachable.is_(True), Guardian.opted_out.is_(True)),
        Guardian.id.in_(_guardians(ids)))
    minutes = response_minutes(db, ids, now)
    median = statistics.median(minutes) if minutes else None
    return {
        "Conversations waiting for staff": str(db.scalar(convs) or 0),
        "Median time to a staff reply (30 days)":
            "—" if median is None else (f"{median:.0f} min" if median < 120
                                        else f"{median / 60:.1f} h"),
        "Families who cannot be texted (opted out or unreachable)":
            str(db.scalar(unreachable) or 0),
    }


def impact(db: Session, ids, today: date) -> Figure:
    """``flask report impact`` for these schools, with its chart (percentage points)."""
    from bot.impact import COLUMNS, cached_report  # SciPy, statsmodels: on first view

    rows = cached_report(db, today, ids)
    readable = [r for r in rows if r.readable]
    chart = svg_charts.interval_chart(
        "Absence rate, treated minus holdout, in percentage points",
        [r.segment.replace("_", " ") for r in readable],
        [r.difference * 100 for r in readable], [r.ci_low * 100 for r in readable],
        [r.ci_high * 100 for r in readable], " pt") if readable else None
    if not rows[0].treated_n + rows[0].holdout_n:
        drawn = db.scalar(select(func.count(HoldoutAssignment.id)).where(
            HoldoutAssignment.school_year == school_year_start(today).year,
            *([HoldoutAssignment.school_id.in_(ids)] if ids is not None else [])))
        if drawn:
            note = (f"{drawn} students drawn; no school day recorded since the draw yet, so "
                    "nothing to compare.")
        elif Config.OUTREACH_HOLDOUT > 0:
            note = ("No student drawn into the holdout yet: it happens at the first "
                    "attendance import of the year.")
        else:
            note = "The holdout is off (OUTREACH_HOLDOUT=0): nothing to compare."
    else:
        note = ("Below zero: treated students miss less school than the holdout. A line that "
                "crosses zero means no difference can be told apart from chance yet. See the "
                "README's \"Does it work?\".")
    return Figure("impact", "Does the outreach work? Treated against holdout", COLUMNS,
                  [r.row() for r in rows], chart, note)


def build(db: Session, staff: StaffUser, school: str | None, today: date,
          now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    ids, picked = _scope(db, staff, school)
    board = Dashboard(schools=visible_schools(db, staff), school_id=picked,
                      numbers=headline(db, ids, now))
    board.figures = [absence_reasons(db, ids, today), chronic_trend(db, ids), tiers_now(db, ids),
                     outreach(db, ids, now), requests_open(db, ids), rsvps(db, ids, now),
                     impact(db, ids, today)]
    return board


def figure(board: Dashboard, key: str) -> Figure:
    found = next((f for f in board.figures if f.key == key), None)
    if found is None:
        abort(404)
    return found

