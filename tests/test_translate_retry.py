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
