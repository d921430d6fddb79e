"""Labels read from Rasa's parse (bot.nlu.parsed_labels) and what the actions make of them."""

from types import SimpleNamespace

from bot.actions.family import entity_values
from bot.nlu.parsed_labels import best_label, labels


def entity(name, value, confidence):
    return {"entity": name, "value": value, "confidence_entity": confidence, "start": 0, "end": 9}


def test_most_confident_label_first():
    parsed = [entity("resource_type", "transportation", 0.35), entity("resource_type", "food", 0.6)]
    assert labels(parsed, "resource_type") == ["food", "transportation"]
    assert best_label(parsed, "resource_type") == "food"


def test_only_the_asked_family_and_known_labels():
    parsed = [entity("absence_reason", "illness", 0.7), entity("resource_type", "food", 0.9),
              entity("absence_reason", "not-a-label", 0.99)]
    assert labels(parsed, "absence_reason") == ["illness"]


def test_no_label_means_none():
    assert best_label([], "absence_reason") is None
    assert best_label([entity("rsvp", "yes", 0.9)], "absence_reason") is None


def test_entity_values_drops_other_beside_a_specific_need():
    tracker = SimpleNamespace(latest_message={"entities": [
        entity("resource_type", "other", 0.5), entity("resource_type", "clothing", 0.4)]})
    assert entity_values(tracker, "resource_type") == ["clothing"]
    tracker.latest_message["entities"].pop()
    assert entity_values(tracker, "resource_type") == ["other"]


def test_a_need_named_as_the_reason_is_the_reason():
    from bot.actions.absence_validate import stated_reason

    def tracker(*entities):
        return SimpleNamespace(latest_message={"entities": list(entities)})

    assert stated_reason(tracker(entity("absence_reason", "illness", 0.9))) == "illness"
    assert stated_reason(tracker(entity("resource_type", "transportation", 0.9))) == \
        "transportation"
    assert stated_reason(tracker(entity("resource_type", "clothing", 0.9))) == "basic_needs"
    assert stated_reason(tracker(entity("resource_type", "internet", 0.9))) is None
    assert stated_reason(tracker()) is None
