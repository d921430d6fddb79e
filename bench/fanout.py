"""Fan-out cost: enqueue N nudges (quiet hours, segments, idempotency) and drain them through the
console transport, against inserting N bare outbox rows."""

from __future__ import annotations

import json

from sqlalchemy import delete

from bench.common import fresh_app, side_by_side
from bot.outbox.enqueue import enqueue
from bot.outbox.sender import drain
from bot.outbox.transports import ConsoleTransport
from models import OutboxMessage
from tests.factories import make_family

N = 500


def main() -> None:
    app = fresh_app()
    db = app.extensions["db"]
    with db.session() as s:
        guardian_id = make_family(s, language="vi").id

    def measured(round_no: int) -> None:
        from models import Guardian

        with db.session() as s:
            guardian = s.get(Guardian, guardian_id)
            for i in range(N):
                enqueue(s, key=f"bench:{round_no}:{i}", guardian=guardian,
                        body="Chào buổi sáng! Trường bắt đầu lúc 8:00.", kind="nudge")
        drain(db, ConsoleTransport(), limit=N, rate_per_second=0)

    def baseline(round_no: int) -> None:
        with db.session() as s:
            s.add_all(OutboxMessage(idempotency_key=f"base:{round_no}:{i}", to="+19165550101",
                                    body="x") for i in range(N))
            s.flush()
            s.execute(delete(OutboxMessage).where(
                OutboxMessage.idempotency_key.like(f"base:{round_no}:%")))

    print(json.dumps({"benchmark": "fanout", "messages_per_round": N,
                      **side_by_side(measured, baseline, rounds=5)}))


if __name__ == "__main__":
    main()
