"""What a job did: how many messages it queued, and why it skipped the others.

Every outreach job returns a ``JobResult``; ``flask scheduler run JOB`` prints it as
``queued N, skipped M`` and one line per reason with its count (opted out, not a school day,
already sent, quiet hours, no phone, unreachable, …), then the staff tasks it created."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class JobResult:
    queued: int = 0
    skipped: Counter = field(default_factory=Counter)
    tasks: int = 0  # staff tasks created (follow-ups)

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count

    def add(self, other: JobResult) -> JobResult:
        self.queued += other.queued
        self.tasks += other.tasks
        self.skipped.update(other.skipped)
        return self

    def lines(self) -> list[str]:
        out = [f"queued {self.queued}, skipped {sum(self.skipped.values())}"]
        out += [f"  {reason}: {count}" for reason, count in self.skipped.most_common()]
        if self.tasks:
            out.append(f"staff tasks {self.tasks}")
        return out
