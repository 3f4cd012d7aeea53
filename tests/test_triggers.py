"""The trigger lexicon: whole words, `*` continuations, offsets into the article, furniture skipped."""

from __future__ import annotations

from sitrep.extract.context import Sentence
from sitrep.extract.sentences import split_sentences
from sitrep.extract.triggers import PhraseMatcher, TriggerLexicon, fold, load_knowledge


def test_whole_words_only() -> None:
    matcher = PhraseMatcher({"raid": "attack", "clash*": "armed_clash"})
    text = fold("Braids are not raids. The clashes went on; a clash, then clashed.")
    found = [(text[m.start : m.end], m.label) for m in matcher.finditer(text)]
    assert found == [("clashes", "armed_clash"), ("clash", "armed_clash"), ("clashed", "armed_clash")]


def test_offsets_point_into_the_article() -> None:
    text = "Rebels SHELLED the town.\nRecent Comments\nA suicide bomber struck the market on Monday."
    sentences = split_sentences(text)
    triggers = TriggerLexicon().find(text, sentences)
    assert triggers
    for trigger in triggers:
        assert text[trigger.span.start : trigger.span.end] == trigger.span.text
    categories = {t.category for t in triggers}
    assert {"shelling", "suicide_bomb"} <= categories
    assert any(t.span.text == "SHELLED" for t in triggers)


def test_furniture_is_never_read() -> None:
    text = "Bomb attack"
    sentences = [Sentence(0, 0, len(text), text, furniture=True)]
    assert TriggerLexicon().find(text, sentences) == []


def test_folding_keeps_offsets_for_odd_letters() -> None:
    text = "İstanbul: police detained 4 people."
    assert len(fold(text)) == len(text)
    triggers = TriggerLexicon().find(text, split_sentences(text))
    assert [t.span.text for t in triggers if t.category == "arrests"] == ["detained"]


def test_knowledge_loads_from_yaml_text() -> None:
    knowledge = load_knowledge("categories:\n  riot:\n    strength: strong\n    phrases: [riot*]\ncues: {}\n")
    assert knowledge.categories == {"riot*": "riot"}
    assert knowledge.strength == {"riot": "strong"}


def test_shipped_lexicon_names_only_known_strengths() -> None:
    knowledge = load_knowledge()
    assert set(knowledge.strength.values()) <= {"strong", "weak"}
    assert len(set(knowledge.categories.values())) >= 25


def test_a_vigilante_is_mob_violence_and_a_vigil_a_protest() -> None:
    text = "A vigilante group beat a man. Later, women held a candlelight vigil."
    found = {(t.span.text, t.category) for t in TriggerLexicon().find(text, split_sentences(text))}
    assert ("vigilante", "mob_violence") in found and ("vigil", "protest") in found
    assert ("vigilante", "protest") not in found


def test_mobile_units_and_mobilization_are_no_mob() -> None:
    text = "Mobile police units arrived. The mobilization was peaceful. A mob beat a thief."
    found = {(t.span.text, t.category) for t in TriggerLexicon().find(text, split_sentences(text))}
    assert ("mob", "mob_violence") in found
    assert not any(category == "mob_violence" and text != "mob" for text, category in found)


def test_shots_with_the_ammunition_named_are_an_attack() -> None:
    text = (
        "Troops fired rubber bullets at fishermen. Guards fired live ammunition at a car. "
        "Police opened fire on a bus."
    )
    found = {(t.span.text.lower(), t.category) for t in TriggerLexicon().find(text, split_sentences(text))}
    assert ("fired rubber bullets at", "attack") in found
    assert ("fired live ammunition at", "attack") in found
    assert any(phrase.startswith("opened fire") and category == "attack" for phrase, category in found)
