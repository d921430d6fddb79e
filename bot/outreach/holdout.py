"""The randomized holdout: which students the proactive texts leave out, so the district can
measure what those texts do (bot.impact).

A student is assigned once per school year, when they first become eligible for proactive
outreach — their first attendance tier of the year, since praise is for every tier — to
``treatment`` or ``holdout``. The draw is stratified by school and tier at assignment and made
in permuted blocks: in each stratum, every block of ``size`` students in arrival order holds
exactly ``holdouts`` of them (10 and 1 for OUTREACH_HOLDOUT = 0.10), at places drawn from the
year's seed. So each school-and-tier group is within one student of the fraction whatever its
size, and the draw is reproducible: the seed, the stratum and a student's position decide the
arm (``arm_at``), and the order students of one day take positions is itself drawn from the seed
(``draw_order``). ``verify`` recomputes every assignment from the recorded seed.

Holdout students' families still get everything they ask for and everything a person decides:
replies, invitations, reminders, follow-ups of silent absences, staff contact, and the wake-up
texts if the family asks for them itself. Only the offer of wake-up texts and attendance praise
are withheld (bot.outreach.offers, bot.outreach.praise).
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bot.tiers import school_year_start
from config import Config
from models import HoldoutAssignment, HoldoutDesign, School, Student, TierSnapshot
from models.base import utcnow

MAX_BLOCK = 100
DRAW_LOCK = 0x5302_0013  # the advisory lock that serializes draws (PostgreSQL)
CHUNK = 5000


def block_plan(fraction: float) -> tuple[int, int]:
    """(block size, holdouts per block) for a holdout ``fraction``: the smallest block that
    holds it exactly (0.10 → 10 and 1, 0.25 → 4 and 1, 0.15 → 20 and 3), else per 100."""
    exact = Fraction(fraction).limit_denominator(MAX_BLOCK)
    if abs(float(exact) - fraction) < 1e-9:
        return exact.denominator, exact.numerator
    return MAX_BLOCK, round(fraction * MAX_BLOCK)


def stratum_key(school_year: int, school_id: int, tier: str) -> str:
    return f"{school_year}:{school_id}:{tier}"


def arm_at(seed: int, stratum: str, position: int, fraction: float) -> str:
    """The arm of the student at ``position`` (0, 1, …) in ``stratum``: in each block of the
    stratum, the holdout places are a sample drawn from (seed, stratum, block)."""
    size, holdouts = block_plan(fraction)
    block, place = divmod(position, size)
    # random.Random seeded with a str hashes it with SHA-512: the same draw on every machine
    # and Python version, which is what makes an assignment auditable.
    places = random.Random(f"{seed}:{stratum}:{block}").sample(range(size), holdouts)
    return "holdout" if place in places else "treatment"


def draw_order(seed: int, student_ids) -> list[int]:
    """The order in which students becoming eligible on the same day take their positions:
    by a hash of the seed and the student, so neither the roster's order nor staff choose."""
    return sorted(student_ids,
                  key=lambda s: hashlib.sha256(f"{seed}:{s}".encode()).hexdigest())


def holdout_on() -> bool:
    return Config.OUTREACH_HOLDOUT > 0


@dataclass
class AssignResult:
    school_year: int = 0
    seed: int | None = None
    fraction: float = 0.0
    assigned: int = 0
    holdout: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.seed is None:
            return self.notes or ["holdout off (OUTREACH_HOLDOUT=0): nobody assigned"]
        return [f"school year {self.school_year}-{str(self.school_year + 1)[2:]}: seed "
                f"{self.seed}, holdout fraction {self.fraction:g}",
                f"assigned {self.assigned}: {self.assigned - self.holdout} treatment, "
                f"{self.holdout} holdout", *self.notes]


def design_for(session: Session, school_year: int, seed: int | None = None
               ) -> tuple[HoldoutDesign, list[str]]:
    """The year's design, made on first use with ``seed`` (else OUTREACH_SEED, else a random
    one) and OUTREACH_HOLDOUT. A later change of either does not change the year's design:
    the draw must stay one draw. Returns the design and what the caller should be told."""
    design = session.get(HoldoutDesign, school_year)
    notes = []
    if design is None:
        if seed is None:
            seed = Config.OUTREACH_SEED if Config.OUTREACH_SEED is not None \
                else secrets.randbits(62)
        design = HoldoutDesign(school_year=school_year, seed=seed,
                               fraction=Config.OUTREACH_HOLDOUT, created_at=utcnow())
        session.add(design)
        session.flush()
    else:
        if seed is not None and seed != design.seed:
            notes.append(f"the year's seed stays {design.seed} (--seed {seed} ignored)")
        if abs(design.fraction - Config.OUTREACH_HOLDOUT) > 1e-9:
            notes.append(f"the year's holdout fraction stays {design.fraction:g} "
                         f"(OUTREACH_HOLDOUT is {Config.OUTREACH_HOLDOUT:g})")
    return design, notes


def _eligible(session: Session, as_of: date, school_year: int
              ) -> dict[tuple[int, str], list[int]]:
    """{(school, tier): students} with a tier on the newest tier day up to ``as_of`` this
    school year and no assignment yet."""
    start = school_year_start(as_of)
    newest = session.scalar(select(func.max(TierSnapshot.as_of)).where(
        TierSnapshot.as_of >= start, TierSnapshot.as_of <= as_of))
    if newest is None:
        return {}
    assigned = select(HoldoutAssignment.student_id).where(
        HoldoutAssignment.school_year == school_year)
    rows = session.execute(
        select(TierSnapshot.student_id, Student.school_id, TierSnapshot.tier)
        .join(Student, Student.id == TierSnapshot.student_id)
        .where(TierSnapshot.as_of == newest, TierSnapshot.student_id.not_in(assigned)))
    out: dict[tuple[int, str], list[int]] = defaultdict(list)
    for student, school, tier in rows:
        out[(school, tier)].append(student)
    return out


def assign_new(session: Session, as_of: date, seed: int | None = None) -> AssignResult:
    """Assign every newly eligible student as of ``as_of`` (see the module docstring). Running
    it again assigns nobody twice; an assignment is never changed."""
    if not holdout_on():
        return AssignResult()
    if session.get_bind().dialect.name == "postgresql":
        # The import, the clock's jobs and a person may draw at the same moment: one at a
        # time, each seeing what the one before assigned (held until the transaction ends).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DRAW_LOCK})
    school_year = school_year_start(as_of).year
    design, notes = design_for(session, school_year, seed)
    result = AssignResult(school_year=school_year, seed=design.seed, fraction=design.fraction,
                          notes=notes)
    eligible = _eligible(session, as_of, school_year)
    if not eligible:
        return result
    taken = {(school, tier): n for school, tier, n in session.execute(
        select(HoldoutAssignment.school_id, HoldoutAssignment.tier, func.count())
        .where(HoldoutAssignment.school_year == school_year)
        .group_by(HoldoutAssignment.school_id, HoldoutAssignment.tier))}
    rows = []
    for (school, tier), students in sorted(eligible.items()):
        stratum = stratum_key(school_year, school, tier)
        first = taken.get((school, tier), 0)
        for offset, student in enumerate(draw_order(design.seed, students)):
            arm = arm_at(design.seed, stratum, first + offset, design.fraction)
            rows.append({"student_id": student, "school_year": school_year,
                         "school_id": school, "tier": tier, "position": first + offset,
                         "arm": arm, "assigned_on": as_of, "created_at": utcnow()})
    for start in range(0, len(rows), CHUNK):
        session.execute(HoldoutAssignment.__table__.insert(), rows[start:start + CHUNK])
    result.assigned = len(rows)
    result.holdout = sum(row["arm"] == "holdout" for row in rows)
    return result


def outreach_allowed(session: Session, student_ids, today: date) -> tuple[set[int], Counter]:
    """Which of these students may get proactive texts today, and why the others may not.
    Newly eligible students are assigned first (``assign_new``), so nobody hears from the
    clock before the draw has placed them. With the holdout on, only students drawn into
    ``treatment`` may; a student with no tier yet has no assignment and waits for one."""
    ids = set(student_ids)
    if not holdout_on():
        return ids, Counter()
    assign_new(session, today)
    year = school_year_start(today).year
    arms: dict[int, str] = {}
    listed = list(ids)
    for start in range(0, len(listed), CHUNK):
        arms.update(session.execute(
            select(HoldoutAssignment.student_id, HoldoutAssignment.arm).where(
                HoldoutAssignment.school_year == year,
                HoldoutAssignment.student_id.in_(listed[start:start + CHUNK]))).all())
    allowed = {s for s in ids if arms.get(s) == "treatment"}
    why = Counter("holdout (comparison group)" if arms.get(s) == "holdout"
                  else "no tier yet, so not drawn for the holdout" for s in ids - allowed)
    return allowed, why


def assignments_of(session: Session, student_ids, as_of: date) -> dict[int, HoldoutAssignment]:
    """{student: this school year's assignment} for the staff's family panel."""
    year = school_year_start(as_of).year
    return {a.student_id: a for a in session.scalars(select(HoldoutAssignment).where(
        HoldoutAssignment.school_year == year,
        HoldoutAssignment.student_id.in_(list(student_ids))))}


GROUP_COLUMNS = ["student_id", "school", "tier_at_assignment", "group", "assigned_on"]


def group_rows(session: Session, school_year: int | None = None):
    """CSV rows for ``flask export groups``: every assignment (of one school year, if given)."""
    query = (select(Student.sis_id, School.code, HoldoutAssignment.tier, HoldoutAssignment.arm,
                    HoldoutAssignment.assigned_on)
             .join(Student, Student.id == HoldoutAssignment.student_id)
             .join(School, School.id == HoldoutAssignment.school_id)
             .order_by(HoldoutAssignment.school_year, Student.sis_id))
    if school_year is not None:
        query = query.where(HoldoutAssignment.school_year == school_year)
    for sis_id, school, tier, arm, assigned_on in session.execute(query):
        yield [sis_id, school, tier, arm, assigned_on.isoformat()]


def verify(session: Session) -> list[str]:
    """Recompute every assignment from its year's recorded seed and fraction: each arm from
    its stratum and position, and each day's positions from the seed's order. Returns one line
    per mismatch (none: the draw is exactly what the seed says)."""
    designs = {d.school_year: d for d in session.scalars(select(HoldoutDesign))}
    problems = []
    days: dict[tuple, list[HoldoutAssignment]] = defaultdict(list)
    for a in session.scalars(select(HoldoutAssignment).order_by(HoldoutAssignment.position)):
        design = designs.get(a.school_year)
        if design is None:
            problems.append(f"student {a.student_id}: no design for {a.school_year}")
            continue
        days[(a.school_year, a.school_id, a.tier, a.assigned_on)].append(a)
        expected = arm_at(design.seed, stratum_key(a.school_year, a.school_id, a.tier),
                          a.position, design.fraction)
        if expected != a.arm:
            problems.append(f"student {a.student_id}: recorded {a.arm}, the seed says "
                            f"{expected}")
    for (year, *_), rows in days.items():
        students = [a.student_id for a in rows]
        if students != draw_order(designs[year].seed, students):
            problems.append(f"stratum {stratum_key(year, rows[0].school_id, rows[0].tier)} on "
                            f"{rows[0].assigned_on}: positions not in the seed's order")
    return problems
