"""Inbound cost: N signed webhooks through the whole pipeline (persist, keywords, family, fake
Rasa, Babel rendering, TwiML) against N bare GET /healthz-free requests to a trivial route."""

from __future__ import annotations

import json

from bench.common import fresh_app, side_by_side
from tests.factories import TWILIO_TOKEN, FakeRasa, make_family, send_sms

N = 200


def main() -> None:
    app = fresh_app()
    app.config["TWILIO_AUTH_TOKEN"] = TWILIO_TOKEN
    app.extensions["pipeline"].rasa = FakeRasa([{"template": "absence_recorded", "vars": {
        "child": "Sofia", "dates": {"dates": ["2026-11-24"]}}}])
    app.add_url_rule("/bench-baseline", "bench_baseline", lambda: "ok")
    with app.extensions["db"].session() as s:
        make_family(s, language="es")
    client = app.test_client()

    def measured(round_no: int) -> None:
        for i in range(N):
            send_sms(client, "Sofia esta enferma hoy", sid=f"SMbench{round_no:03d}{i:06d}")

    def baseline(_round_no: int) -> None:
        for _ in range(N):
            client.get("/bench-baseline")

    print(json.dumps({"benchmark": "inbound", "messages_per_round": N,
                      **side_by_side(measured, baseline)}))


if __name__ == "__main__":
    main()
