"""When the model is unsure of a non-English message and translation is up, the English
translation goes to Rasa instead; otherwise the family's own words always go."""

from tests.factories import FakeTranslator, make_family, send_sms


def setup(app, fake_rasa, translator, unsure_text):
    with app.extensions["db"].session() as s:
        make_family(s, language="hmn")
    app.extensions["pipeline"].translator = translator
    fake_rasa.confidence = {unsure_text: 0.3}


def test_unsure_non_english_text_goes_to_rasa_in_english(app, client, fake_rasa):
    translator = FakeTranslator(answer="my child is sick today")
    setup(app, fake_rasa, translator, "me nyuam mob hnub no os")
    send_sms(client, "me nyuam mob hnub no os")
    assert translator.calls == [("me nyuam mob hnub no os", "hmn", "en")]
    assert fake_rasa.sent[0]["text"] == "my child is sick today"


def test_sure_text_is_not_translated(app, client, fake_rasa):
    translator = FakeTranslator(answer="unused")
    setup(app, fake_rasa, translator, "something else")
    send_sms(client, "kuv tus me nyuam mob hnub no")
    assert translator.calls == []
    assert fake_rasa.sent[0]["text"] == "kuv tus me nyuam mob hnub no"


def test_translation_down_sends_the_original(app, client, fake_rasa):
    translator = FakeTranslator(failing=True)
    setup(app, fake_rasa, translator, "me nyuam mob hnub no os")
    send_sms(client, "me nyuam mob hnub no os")
    assert fake_rasa.sent[0]["text"] == "me nyuam mob hnub no os"


def test_circuit_open_means_no_translation_attempt(app, client, fake_rasa):
    translator = FakeTranslator(answer="x", down=True)
    setup(app, fake_rasa, translator, "me nyuam mob hnub no os")
    send_sms(client, "me nyuam mob hnub no os")
    assert translator.calls == []
    assert fake_rasa.sent[0]["text"] == "me nyuam mob hnub no os"


def test_one_deadline_for_the_whole_chain(app, client, fake_rasa):
    """TURN_DEADLINE bounds everything: Rasa's turn waits only for what is left of it, and the
    translate-and-retry is skipped when too little is left for it and the turn."""
    translator = FakeTranslator(answer="my child is sick today")
    setup(app, fake_rasa, translator, "me nyuam mob hnub no os")
    pipeline = app.extensions["pipeline"]
    assert pipeline.turn_deadline == app.config["TURN_DEADLINE"] == 12
    send_sms(client, "me nyuam mob hnub no os")
    assert translator.calls and 0 < fake_rasa.sent[-1]["timeout"] <= 12

    translator.calls.clear()
    pipeline.turn_deadline = 6  # not enough for a translation, a second parse and the turn
    send_sms(client, "me nyuam mob hnub no os")
    assert translator.calls == []
    assert fake_rasa.sent[-1]["text"] == "me nyuam mob hnub no os"
    assert 0 < fake_rasa.sent[-1]["timeout"] <= 6


def test_a_deadline_already_past_gets_the_fallback(app, client, fake_rasa):
    from sqlalchemy import select

    from bot.messages.render import render
    from models import Conversation
    from tests.integration.helpers import texts

    setup(app, fake_rasa, FakeTranslator(answer="x"), "nothing")
    app.extensions["pipeline"].turn_deadline = 0
    reply = texts(send_sms(client, "kuv tus me nyuam mob hnub no"))
    assert reply == [render({"template": "received_followup"}, "hmn")]
    assert not fake_rasa.sent  # Rasa was not asked a question it had no time to answer
    with app.extensions["db"].session() as s:
        assert s.scalar(select(Conversation.handoff_reason)) == "bot_unavailable"


def test_the_turn_reuses_the_classification_already_made(app, client, fake_rasa):
    """One classification per message: the parse that decided whether to translate goes with
    the turn (metadata.showup_nlu), for the very text sent; Rasa does not classify it again."""
    translator = FakeTranslator(answer="my child is sick today")
    setup(app, fake_rasa, translator, "me nyuam mob hnub no os")
    send_sms(client, "kuv tus me nyuam mob hnub no")  # sure: its own words go
    send_sms(client, "me nyuam mob hnub no os")       # unsure: the English goes
    sure, unsure = (m["metadata"]["showup_nlu"] for m in fake_rasa.sent)
    assert sure == fake_rasa.parse("kuv tus me nyuam mob hnub no") | {"intent_ranking": None}
    assert unsure["text"] == fake_rasa.sent[1]["text"] == "my child is sick today"


def test_no_first_classification_means_the_turn_classifies(app, client, fake_rasa):
    setup(app, fake_rasa, None, "nothing")
    send_sms(client, "kuv tus me nyuam mob hnub no")
    assert "showup_nlu" not in fake_rasa.sent[0]["metadata"]
