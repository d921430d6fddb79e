"""Simulated districts for the impact report's tests: students in schools and tiers, drawn into
treatment or holdout by the real draw (bot.outreach.holdout), and school days absent after
assignment from each student's own propensity — with, optionally, a planted effect: a treated
student misses one day a month less (one absence removed in each 20 school days that has one).

Every student has both potential outcomes, so the planted difference is known exactly: the
mean over all students of (days absent if treated - days absent if not) / days."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.impact import Unit
from bot.outreach.holdout import arm_at, draw_order, stratum_key

MIX = {"satisfactory": 0.60, "at_risk": 0.20, "moderate": 0.15, "severe": 0.05}
BASE = {"satisfactory": 0.025, "at_risk": 0.07, "moderate": 0.14, "severe": 0.28}
MONTH = 20  # school days


@dataclass
class Student:
    key: int
    school: int
    tier: str
    language: str
    arm: str
    absent: np.ndarray  # bool per school day after assignment, without the outreach
    absent_treated: np.ndarray  # the same if treated (the planted effect, or the same)


def simulate(seed: int, n: int = 1000, schools: int = 3, days: int = 60,
             fraction: float = 0.10, effect: bool = False) -> list[Student]:
    rng = np.random.default_rng(seed)
    tiers = rng.choice(list(MIX), size=n, p=list(MIX.values()))
    school_of = rng.integers(0, schools, size=n)
    propensity = np.minimum(0.9, rng.gamma(4.0, [BASE[t] / 4 for t in tiers]))
    absent = rng.random((n, days)) < propensity[:, None]
    treated = absent.copy()
    if effect:
        for start in range(0, days, MONTH):
            block = treated[:, start:start + MONTH]
            first = block.argmax(axis=1)
            has = block.any(axis=1)
            block[np.flatnonzero(has), first[has]] = False
    arms: dict[int, str] = {}
    strata: dict[tuple[int, str], list[int]] = {}
    for i in range(n):
        strata.setdefault((int(school_of[i]), str(tiers[i])), []).append(i)
    for (school, tier), members in strata.items():
        for position, i in enumerate(draw_order(seed, members)):
            arms[i] = arm_at(seed, stratum_key(2026, school, tier), position, fraction)
    return [Student(i, int(school_of[i]), str(tiers[i]), ("es", "en", "hmn")[i % 3], arms[i],
                    absent[i], treated[i]) for i in range(n)]


def observed(student: Student) -> np.ndarray:
    return student.absent_treated if student.arm == "treatment" else student.absent


def planted(students: list[Student]) -> float:
    return float(np.mean([(s.absent_treated.sum() - s.absent.sum()) / len(s.absent)
                          for s in students]))


def units(students: list[Student]) -> list[Unit]:
    return [Unit(stratum=f"{s.school}:{s.tier}", arm=s.arm,
                 rate=float(observed(s).sum() / len(s.absent)), school=f"S{s.school}",
                 tier=s.tier, language=s.language) for s in students]
