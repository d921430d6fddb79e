"""Does the outreach work? Treatment against holdout (bot.outreach.holdout) on attendance after
assignment, overall and by school, tier and language.

The outcome is each student's absence rate after assignment: days absent over enrolled days
(days with an attendance record), from the day after their assignment — or ``since``, if later
— to ``until``. Students with no school day in that window are left out.

The comparison respects the draw. Students were randomized within strata (school × tier at
assignment), so the difference is the stratified one: in each stratum, treated mean minus
holdout mean, weighted by the stratum's share of the students; its 95 % interval is the normal
one around the estimate with the stratified (Neyman) variance, the sum over strata of
weight² × (treated variance / treated n + holdout variance / holdout n). Each stratum's
variance of the difference comes from statsmodels (``CompareMeans``), the interval's quantile
from SciPy. This is Lin's fully interacted regression estimate with HC2 errors, computed per
stratum instead of as one wide regression (tests/test_impact.py checks they agree). Strata with
fewer than two students in either group cannot give a variance; they are pooled into one
stratum. ``treated_rate`` and ``holdout_rate`` are the two groups' stratum-weighted means, so
``difference`` is exactly their difference.

A segment with fewer than MIN_PER_GROUP students in either group is marked too small to read:
its counts and rates are given, not its difference or interval.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from scipy.stats import norm
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from bot.tiers import ORDER as TIERS
from bot.tiers import school_year_start
from models import (
    AttendanceDay,
    Guardian,
    HoldoutAssignment,
    School,
    StudentGuardian,
    TierSnapshot,
)

MIN_PER_GROUP = 20
CONFIDENCE = 0.95
POOLED = "pooled small strata"
COLUMNS = ["segment", "treated_n", "holdout_n", "treated_rate", "holdout_rate", "difference",
           "ci_low", "ci_high", "note"]
TOO_SMALL = "too small to read"
CHUNK = 5000


@dataclass(frozen=True)
class Unit:
    """One student's outcome: their stratum, arm and absence rate after assignment."""

    stratum: str
    arm: str  # "treatment" | "holdout"
    rate: float
    school: str = ""
    tier: str = ""
    language: str = ""


@dataclass
class Comparison:
    segment: str
    treated_n: int
    holdout_n: int
    treated_rate: float | None
    holdout_rate: float | None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""

    @property
    def readable(self) -> bool:
        return self.difference is not None

    def row(self) -> list:
        def fmt(value):
            return "" if value is None else f"{value:.4f}"

        return [self.segment, self.treated_n, self.holdout_n, fmt(self.treated_rate),
                fmt(self.holdout_rate), fmt(self.difference), fmt(self.ci_low),
                fmt(self.ci_high), self.note]


def _strata(units: list[Unit]) -> dict[str, dict[str, list[float]]]:
    """{stratum: {arm: rates}}, the strata too small for a variance pooled into one."""
    cells: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"treatment": [],
                                                                     "holdout": []})
    for unit in units:
        cells[unit.stratum][unit.arm].append(unit.rate)
    strata, pooled = {}, {"treatment": [], "holdout": []}
    for name, arms in cells.items():
        if min(len(arms["treatment"]), len(arms["holdout"])) >= 2:
            strata[name] = arms
        else:
            for arm, rates in arms.items():
                pooled[arm] += rates
    if min(len(pooled["treatment"]), len(pooled["holdout"])) >= 2:
        strata[POOLED] = pooled
    return strata


def compare(segment: str, units: list[Unit]) -> Comparison:
    """The stratified comparison of these students (see the module docstring)."""
    treated = sum(u.arm == "treatment" for u in units)
    held = len(units) - treated
    if min(treated, held) < MIN_PER_GROUP:
        def mean(arm):
            rates = [u.rate for u in units if u.arm == arm]
            return float(sum(rates) / len(rates)) if rates else None

        return Comparison(segment, treated, held, mean("treatment"), mean("holdout"),
                          note=TOO_SMALL)
    strata = _strata(units)
    total = sum(len(a["treatment"]) + len(a["holdout"]) for a in strata.values())
    treated_rate = holdout_rate = variance = 0.0
    for arms in strata.values():
        weight = (len(arms["treatment"]) + len(arms["holdout"])) / total
        one, other = DescrStatsW(arms["treatment"]), DescrStatsW(arms["holdout"])
        treated_rate += weight * one.mean
        holdout_rate += weight * other.mean
        variance += weight ** 2 * CompareMeans(one, other).std_meandiff_separatevar ** 2
    difference = treated_rate - holdout_rate
    low, high = norm.interval(CONFIDENCE, loc=difference, scale=math.sqrt(variance)) \
        if variance > 0 else (difference, difference)
    used_t = sum(len(a["treatment"]) for a in strata.values())
    note = "" if total == len(units) else \
        f"{len(units) - total} students in strata without both groups left out"
    return Comparison(segment, used_t, total - used_t, float(treated_rate),
                      float(holdout_rate), float(difference), float(low), float(high), note)


def segments(units: list[Unit]) -> list[Comparison]:
    """``overall``, then ``school:CODE``, ``tier:NAME`` (at assignment), ``language:CODE``."""
    out = [compare("overall", units)]
    for key, order in (("school", None), ("tier", TIERS), ("language", None)):
        groups: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            groups[getattr(unit, key)].append(unit)
        names = [t for t in order if t in groups] if order else sorted(groups)
        out += [compare(f"{key}:{name}", groups[name]) for name in names]
    return out


def units_from_db(session: Session, since: date | None = None, until: date | None = None,
                  school_ids: list[int] | None = None) -> list[Unit]:
    """Every assigned student of ``until``'s school year (optionally of these schools) with
    their absence rate after assignment, within [since, until]."""
    until = until or date.today()
    year = school_year_start(until).year
    query = (select(HoldoutAssignment.student_id, HoldoutAssignment.school_id,
                    HoldoutAssignment.tier, HoldoutAssignment.arm,
                    HoldoutAssignment.assigned_on, School.code)
             .join(School, School.id == HoldoutAssignment.school_id)
             .where(HoldoutAssignment.school_year == year))
    if school_ids is not None:
        query = query.where(HoldoutAssignment.school_id.in_(school_ids))
    assigned = {row.student_id: row for row in session.execute(query)}
    ids = list(assigned)
    counts, languages = {}, _languages(session, ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = session.execute(
            select(AttendanceDay.student_id, func.count(),
                   func.sum(case((AttendanceDay.status == "absent", 1), else_=0)))
            .join(HoldoutAssignment, (HoldoutAssignment.student_id == AttendanceDay.student_id)
                  & (HoldoutAssignment.school_year == year))
            .where(AttendanceDay.student_id.in_(chunk),
                   AttendanceDay.day > HoldoutAssignment.assigned_on, AttendanceDay.day <= until,
                   *([AttendanceDay.day >= since] if since else []))
            .group_by(AttendanceDay.student_id))
        counts.update({student: (enrolled, absent or 0) for student, enrolled, absent in rows})
    units = []
    for student, row in assigned.items():
        enrolled, absent = counts.get(student, (0, 0))
        if enrolled:
            units.append(Unit(stratum=f"{row.school_id}:{row.tier}", arm=row.arm,
                              rate=absent / enrolled, school=row.code, tier=row.tier,
                              language=languages.get(student, "")))
    return units


def _languages(session: Session, student_ids: list[int]) -> dict[int, str]:
    """{student: the family's language} — that of the student's first guardian on file."""
    out: dict[int, str] = {}
    for start in range(0, len(student_ids), CHUNK):
        rows = session.execute(
            select(StudentGuardian.student_id, Guardian.language)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .where(StudentGuardian.student_id.in_(student_ids[start:start + CHUNK]))
            .order_by(StudentGuardian.student_id, Guardian.id))
        for student, language in rows:
            out.setdefault(student, language or "")
    return out


def report(session: Session, since: date | None = None, until: date | None = None,
           school_ids: list[int] | None = None) -> list[Comparison]:
    """The rows of ``flask report impact`` (and the dashboard's figure)."""
    return segments(units_from_db(session, since, until, school_ids))


CACHE_SECONDS = 15 * 60
_cache: dict[tuple, tuple[float, list[Comparison]]] = {}
_cache_lock = threading.Lock()


def _fingerprint(session: Session, until: date) -> tuple:
    """What changes when the report can: a new tier day (every attendance import computes
    one) and the number of students drawn this school year. Two indexed look-ups."""
    year = school_year_start(until).year
    return (session.scalar(select(func.max(TierSnapshot.as_of))),
            session.scalar(select(func.count(HoldoutAssignment.id)).where(
                HoldoutAssignment.school_year == year)))


def cached_report(session: Session, until: date, school_ids: list[int] | None = None
                  ) -> list[Comparison]:
    """``report`` for the dashboard, kept per process for CACHE_SECONDS while nothing it
    depends on changed: it reads every attendance day since the draw (about half a second
    for 5,000 students on PostgreSQL), and it moves only when attendance is imported. A
    correction imported the same day shows within CACHE_SECONDS."""
    key = (until, tuple(sorted(school_ids)) if school_ids is not None else None,
           _fingerprint(session, until))
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
    rows = report(session, until=until, school_ids=school_ids)
    with _cache_lock:
        for stale in [k for k, (expires, _) in _cache.items() if expires <= now]:
            del _cache[stale]
        _cache[key] = (now + CACHE_SECONDS, rows)
    return rows
