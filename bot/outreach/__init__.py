"""Proactive outreach: who gets which text when — invitations, reminders, cancellations,
wake-up nudges, praise. Each function decides and writes outbox rows with idempotency keys;
the clock (scheduler/) only says when to run them."""
