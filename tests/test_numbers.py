"""Fatalities, injuries and arrests: the number parser (property tests) and ACLED's counting rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.context import ArticleContext, EventFrame, Trigger
from sitrep.extract.numbers import Counts, combine, count, find_mentions, revised_tolls
from sitrep.extract.quantities import find_quantities, parse_number
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article, Span

# Timing is not what these properties test, and the test machine's CPU is shared.
untimed = settings(deadline=None)

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = ["", "", *"twenty thirty forty fifty sixty seventy eighty ninety".split()]


def _below_thousand(n: int, joiner: str) -> str:
    words: list[str] = []
    if n >= 100:
        words.append(f"{_UNITS[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (joiner + _UNITS[n % 10] if n % 10 else ""))
    elif n or not words:
        words.append(_UNITS[n])
    return " ".join(words)


def to_words(n: int, joiner: str = "-") -> str:
    """English words for 0 <= n < 1,000,000 ("three hundred and forty-two thousand ...")."""
    if n >= 1000:
        head = _below_thousand(n // 1000, joiner) + " thousand"
        rest = n % 1000
        return head if rest == 0 else f"{head} {_below_thousand(rest, joiner)}"
    return _below_thousand(n, joiner)


def counts_for(text: str, category: str = "attack", published: dt.date | None = None) -> Counts:
    """Run the stage on a frame made of every sentence of `text`."""
    article = Article(id="t", text=text, published=published)
    ctx = ArticleContext(article=article, sentences=split_sentences(text), published=published)
    first = ctx.sentences[0]
    trigger = Trigger(Span(start=first.start, end=first.start + 1, text=text[first.start]), 0, category)
    return count(ctx, EventFrame(sentences=[s.index for s in ctx.sentences], triggers=[trigger]))


# -- the number parser ---------------------------------------------------------------------------------


@untimed
@given(st.integers(min_value=0, max_value=999_999), st.sampled_from(["-", " "]))
def test_number_words_round_trip(n: int, joiner: str) -> None:
    assert parse_number(to_words(n, joiner)) == n


@untimed
@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@untimed
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["at least", "more than", "no fewer than"]))
def test_lower_bound_qualifiers_leave_the_top_open(n: int, qualifier: str) -> None:
    (q,) = find_quantities(f"{qualifier} {n} people")
    assert (q.value, q.low, q.high) == (n, n, None)


@untimed
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["up to", "as many as"]))
def test_upper_bound_qualifiers_cap_the_range(n: int, qualifier: str) -> None:
    (q,) = find_quantities(f"{qualifier} {n} people")
    assert q.value == n and q.high == n and q.low == 0


@untimed
@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=3000))
def test_between_gives_an_ordered_range(a: int, b: int) -> None:
    (q,) = find_quantities(f"between {to_words(a)} and {b} people")
    assert (q.low, q.high, q.value) == (min(a, b), max(a, b), min(a, b))


@untimed
@given(
    st.lists(st.integers(min_value=0, max_value=99_999), min_size=1, max_size=5),
    st.sampled_from([" soldiers and ", " people, ", " militants; "]),
)
def test_every_number_in_a_text_is_found_with_exact_offsets(values: list[int], glue: str) -> None:
    text = glue.join(to_words(v) if i % 2 else str(v) for i, v in enumerate(values)) + " were killed"
    found = find_quantities(text)
    assert [q.value for q in found] == values
    assert all(text[q.start : q.end] == q.text for q in found)


@settings(deadline=None, max_examples=60)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_counting_never_crashes_and_keeps_low_below_high(text: str) -> None:
    text = "A raid took place. " + text
    counts = counts_for(text)
    assert counts.fatalities is not None and counts.fatalities >= 0
    if counts.fatalities_high is not None:
        assert counts.fatalities_low is not None and counts.fatalities_low <= counts.fatalities_high
    for spans in counts.evidence.values():
        assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twelve", 12),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("1,200", 1200),
        ("seventy five", 75),
        ("one hundred and five", 105),
        ("2 million", 2_000_000),
    ],
)
def test_number_words(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["at least", "more than", "up to", "some", "a", ""])
def test_qualifiers_without_numbers_are_not_quantities(text: str) -> None:
    assert [q.value for q in find_quantities(text) if not q.vague] == []


def test_ranges_with_hyphen_and_or() -> None:
    (q,) = find_quantities("8-10 residents")
    assert (q.low, q.high) == (8, 10)
    (q,) = find_quantities("two or three villagers")
    assert (q.low, q.high) == (2, 3)


def test_units_dates_times_and_ordinals_are_not_people() -> None:
    text = "On 9 May 2020 at 10:30, 82mm mortars hit the 3rd battalion for 24 hours"
    assert all(q.not_people for q in find_quantities(text))


# -- counting rules --------------------------------------------------------------------------------------


def test_digits_and_words_with_killed() -> None:
    assert counts_for("Gunmen stormed the village. Twelve civilians were killed.").fatalities == 12
    assert counts_for("The ambush killed 7 soldiers near the border.").fatalities == 7


def test_qualifiers_code_the_stated_figure_and_keep_the_range() -> None:
    c = counts_for("At least 15 people were killed in the blast.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (15, 15, None)
    c = counts_for("Between 10 and 15 protesters were killed when police opened fire.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (10, 10, 15)


def test_parts_add_up_in_one_sentence() -> None:
    assert (
        counts_for("Rebels attacked the post, and 12 soldiers and six attackers were killed.").fatalities
        == 18
    )
    assert counts_for("The raid left 4 police officers and 2 civilians dead.").fatalities == 6


def test_parts_add_up_across_sentences_about_different_people() -> None:
    text = (
        "Fighters stormed a base in the north, killing 12 soldiers. The attack, which involved a car "
        "loaded with explosives, claimed the lives of six combatants."
    )
    assert counts_for(text).fatalities == 18


def test_restatements_keep_the_lowest_and_the_range() -> None:
    text = "Five people were killed in the market bombing. Police later said 7 people were killed."
    c = counts_for(text)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (5, 5, 7)
    assert any("differ" in n for n in c.notes)


def test_subsets_are_not_added() -> None:
    text = "Twenty people, including 3 soldiers and 2 police officers, were killed in the raid."
    assert counts_for(text).fatalities == 20


def test_vague_quantities_follow_acled() -> None:
    assert counts_for("Several villagers were killed in the raid.").fatalities == 3
    assert counts_for("Dozens of fighters were killed in the assault.").fatalities == 12
    assert counts_for("Hundreds of people were killed when the town was shelled.").fatalities == 100
    # a massacre is a large-scale event: "many" codes 10
    assert counts_for("Many villagers were killed in the massacre.").fatalities == 10


def test_casualties_alone_and_silence_are_zero() -> None:
    c = counts_for("The army said the rebels suffered heavy casualties.")
    assert c.fatalities == 0
    assert counts_for("Protesters marched to parliament on Friday.").fatalities == 0
    assert counts_for("No casualties were reported after the shelling.").fatalities == 0


def test_injuries_and_arrests() -> None:
    c = counts_for("Two soldiers were killed and five others were injured. Police arrested 11 suspects.")
    assert (c.fatalities, c.injuries, c.arrested) == (2, 5, 11)
    c = counts_for("Security forces detained fourteen protesters, and three people were hurt.")
    assert (c.arrested, c.injuries) == (14, 3)


def test_the_verb_decides_who_died() -> None:
    # the 5 gunmen did the killing; the 3 villagers died
    assert counts_for("5 gunmen killed 3 villagers in the night.").fatalities == 3
    c = counts_for("The guards said they had arrested 11 separatists and killed three more.")
    assert (c.fatalities, c.arrested) == (3, 11)


def test_single_people_without_numbers() -> None:
    assert counts_for("A man was found dead on a road outside the city.").fatalities == 1
    assert counts_for("Police shot and killed a demonstrator near the square.").fatalities == 1
    assert counts_for("Assailants shot and killed Joan Doe, a local councillor, in her home.").fatalities == 1
    assert counts_for("Gunmen killed a teacher and a student in the village.").fatalities == 2


def test_running_totals_are_not_counted_in_the_event() -> None:
    text = (
        "Eight people were killed in another attack in the province, bringing the total number of "
        "people killed in the last 24 hours to 20."
    )
    assert counts_for(text).fatalities == 8


def test_attributed_figures_are_kept_with_their_source() -> None:
    c = counts_for("According to the rebel group, 12 of its members were killed in the air strikes.")
    assert c.fatalities == 12
    assert any("according to the rebel group" in n for n in c.notes)


def test_suicide_bomber_counted_once() -> None:
    # The bomber's own death is not stated: the count stays as reported, the high estimate adds him.
    text = "A suicide bomber detonated his vest at a checkpoint. Four police officers were killed."
    c = counts_for(text, category="suicide_bomb")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (4, 4, 5)
    assert any("bomber" in note for note in c.notes)
    text = "A suicide bomber blew himself up at a market. Six people, including the bomber, were killed."
    assert counts_for(text, category="suicide_bomb").fatalities == 6
    text = "A suicide bomber struck a checkpoint. In addition to the assailant, two soldiers were killed."
    assert counts_for(text, category="suicide_bomb").fatalities == 3
    # not a suicide attack: nothing is added
    assert counts_for("A roadside bomb exploded. Four police officers were killed.").fatalities == 4


def test_a_total_split_between_events_is_divided() -> None:
    text = "Clashes took place on three fronts. 30 fighters were killed. Fatalities split between 3 events."
    assert counts_for(text).fatalities == 10


def test_evidence_points_at_the_figure() -> None:
    text = "Militants raided the town. At least 9 civilians were killed."
    c = counts_for(text)
    (span,) = c.evidence["fatalities"]
    assert text[span.start : span.end] == span.text and "9 civilians were killed" in span.text


def test_a_toll_across_several_attacks_is_shared() -> None:
    text = (
        "Gunmen raided a village. This was one of four attacks in the district that night. "
        "Twenty villagers were killed and 8 were injured across the attacks."
    )
    c = counts_for(text)
    assert (c.fatalities, c.injuries) == (5, 2)
    assert counts_for("At least 30 people were killed across both blasts.").fatalities == 15
    # a figure given for this attack alone stays whole
    text = "Twelve people were killed in this blast and four were injured across both attacks."
    assert counts_for(text).fatalities == 12


def test_uncertain_outcomes_count_no_deaths() -> None:
    assert counts_for("Three militants were killed, injured or captured in the raid.").fatalities == 0
    assert counts_for("Jets struck the camp, killing or injuring 2 fighters.").fatalities == 0


def test_named_and_described_people() -> None:
    assert (
        counts_for("Nashtan, a tribal leader, and four relatives were killed in the attack.").fatalities == 5
    )
    assert counts_for("Omar and at least seven other soldiers were killed in the ambush.").fatalities == 8
    assert counts_for("Kader, a local official, was wounded in the attack and later died.").fatalities == 1
    assert counts_for("The bomb exploded under a truck, leaving the driver dead.").fatalities == 1
    assert counts_for("A man's body was found near the river with gunshot wounds.").fatalities == 1
    assert counts_for("Unknown gunmen assassinated a council member in the market.").fatalities == 1


def test_one_more_is_one_more() -> None:
    c = counts_for("Two rangers were killed and another one was injured in the ambush.")
    assert (c.fatalities, c.injuries) == (2, 1)


def test_partitive_counts_and_relative_subsets() -> None:
    assert counts_for("Soldiers clashed with 4 gunmen and killed 1 of them.").fatalities == 1
    text = "At least eight people, three of whom had been held hostage, were killed in the attack."
    assert counts_for(text).fatalities == 8


def test_ages_and_animals_are_not_counts() -> None:
    assert counts_for("A 17-year-old boy was killed by police in the square.").fatalities == 1
    assert counts_for("The raiders burned 20 huts and killed 15 livestock.").fatalities == 0


def test_a_coder_summary_after_the_frame_is_read() -> None:
    text = "On 7 May, two brothers were shot in their home. Police have no suspects. 2 fatalities."
    article = Article(id="t", text=text)
    ctx = ArticleContext(article=article, sentences=split_sentences(text))
    c = count(ctx, EventFrame(sentences=[0], triggers=[]))
    assert c.fatalities == 2


def test_items_of_an_including_list_are_inside_the_total() -> None:
    text = "At least 14 people, including 11 civilians, two police officers and a soldier, were killed."
    assert counts_for(text).fatalities == 14
    # a different outcome after the list is a new figure, not part of it
    text = "Five people were killed, including two assailants, and four soldiers were wounded."
    c = counts_for(text)
    assert (c.fatalities, c.injuries) == (5, 4)


def test_asides_do_not_add_people() -> None:
    text = "Two family members (Ana Diaz and Rosa Diaz) were killed in the attack."
    assert counts_for(text).fatalities == 2
    text = "Soglo, a former minister and son of the former president, was wounded in the attack."
    assert counts_for(text).injuries == 1
    text = "Myint Swe, the head of the party in the township, was killed in the attack."
    assert counts_for(text).fatalities == 1


def test_another_with_a_number_counts_the_number() -> None:
    c = counts_for("At least 16 people were killed and another 40 people were injured.")
    assert (c.fatalities, c.injuries) == (16, 40)


def test_people_named_beside_a_number_are_added() -> None:
    assert counts_for("One officer and the assailant were injured in the clash.").injuries == 2
    assert counts_for("Both victims and an assailant were killed in the attack.").fatalities == 3


def test_a_sentence_that_adds_is_not_a_restatement() -> None:
    text = "One of the guards was injured. In addition, one assailant was killed and two were injured."
    c = counts_for(text)
    assert (c.fatalities, c.injuries) == (1, 3)


def test_a_frame_pointing_past_the_article_does_not_crash() -> None:
    text = "Gunmen killed 3 villagers."
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    assert count(ctx, EventFrame(sentences=[0, 7], triggers=[])).fatalities == 3


def test_the_acronym_is_is_not_a_verb() -> None:
    text = "Troops destroyed five IS hideouts and killed 7 militants in the mountains."
    assert counts_for(text).fatalities == 7


# --- revised tolls (issues 5 and 9) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The death toll from the market bombing has risen to 11, a hospital official said.", 11),
        ("Officials later said the death toll rose to seven.", 7),
        ("The number of guards killed in the prison raid climbed to 15.", 15),
        ("The number of dead reached 22 by nightfall.", 22),
        ("A third man died on Monday, bringing the death toll from the ambush to 6.", 6),
    ],
)
def test_revised_toll_of_one_event_is_its_toll(sentence: str, value: int) -> None:
    tolls = revised_tolls(sentence)
    assert [(t.quantity.value, t.aggregate) for t in tolls] == [(value, False)]
    total = combine(find_mentions(sentence), "killed")
    assert total is not None and total.value == value and total.revised


@pytest.mark.parametrize(
    "sentence",
    [
        "The raid killed four herders, bringing the total killed in attacks this week to 19.",
        "That brought the total number of people killed in armed assaults in the last 24 hours to 30.",
        "This brings the death toll in the province to 45 since March.",
        "Six more died in another attack, bringing the death toll to 17.",
        "The toll from the ongoing unrest has risen to 80.",
    ],
)
def test_running_total_stays_an_aggregate(sentence: str) -> None:
    assert all(t.aggregate for t in revised_tolls(sentence))
    assert not any(m.revised for m in find_mentions(sentence))


def test_revised_toll_supersedes_the_first_figure() -> None:
    first = find_mentions("Four people were killed when the bomb went off near the bus station.", 0)
    later = find_mentions("The death toll later rose to nine after five of the wounded died.", 1)
    total = combine([*first, *later], "killed")
    assert total is not None and (total.value, total.low, total.high) == (9, 9, 9)
    assert not any(m.outcome == "injured" for m in later)


def test_wounded_who_died_are_deaths_on_top() -> None:
    text = "Three soldiers were killed in the ambush, and two of the wounded later died in hospital."
    total = combine(find_mentions(text), "killed")
    assert total is not None and total.value == 5


def test_revised_toll_is_marked_in_the_notes() -> None:
    text = "Gunmen stormed a checkpoint on Friday. The death toll from the attack rose to eight."
    c = counts_for(text)
    assert c.fatalities == 8
    assert any("revised" in note for note in c.notes)  # merge's revision cue
    assert "rose to eight" in c.evidence["fatalities"][0].text
