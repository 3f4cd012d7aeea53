"""Segmentation: one frame per distinct event; background, future and statements are not events."""

from __future__ import annotations

from sitrep.extract import aggregates, segment
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.sentences import split_sentences
from sitrep.extract.triggers import TriggerLexicon
from sitrep.records import Article

LEXICON = TriggerLexicon()


def frames(text: str) -> list[EventFrame]:
    ctx = ArticleContext(article=Article(id="s", text=text), sentences=split_sentences(text))
    _, only = aggregates.find_aggregates(ctx)
    return segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences), skip=only)


def test_references_back_join_the_event() -> None:
    text = (
        "Gunmen stormed a police station in Koti on Monday, killing five officers. "
        "The attack lasted two hours. "
        "The blast that followed destroyed the building. The incident was claimed by the Red Hand group."
    )
    found = frames(text)
    assert len(found) == 1
    assert found[0].sentences == [0, 1, 2, 3]


def test_another_attack_is_a_new_event() -> None:
    text = (
        "A roadside bomb killed three soldiers near Vira on Tuesday. "
        "Two civilians were killed in another attack in the same province."
    )
    assert [f.sentences for f in frames(text)] == [[0], [1]]


def test_a_different_day_or_country_is_a_new_event() -> None:
    text = (
        "Rebels shelled the town of Ema in Mali on 3 June. Rebels shelled the town of Ema on 9 June. "
        "In Ghana, police arrested twelve protesters."
    )
    assert [f.sentences for f in frames(text)] == [[0], [1], [2]]


def test_background_future_and_statements_are_not_events() -> None:
    text = (
        "The front has been fighting the government for a long time. "
        "The army says it will target the rebels' bases next month. "
        "The minister condemned the attacks on aid workers. "
        "In recent months there has been a wave of attacks in the north."
    )
    assert frames(text) == []


def test_a_running_total_is_not_an_event() -> None:
    text = (
        "The recent attacks, which started on Sunday, have killed more than 40 people. "
        "Nine people were killed in a bombing in Sama on Friday, bringing the death toll this week to 49."
    )
    found = frames(text)
    assert [f.sentences for f in found] == [[1]]
    assert all("toll" not in t.span.text for t in found[0].triggers)


def test_adjacent_sentences_continue_one_report() -> None:
    text = (
        "On 4 May 2020, clashes erupted between the army and militants near Tiko. "
        "Three militants were killed. 3 fatalities."
    )
    assert len(frames(text)) == 1


def test_non_conflict_sentences_are_dropped() -> None:
    text = "A landslide killed six miners in the north on Friday. Floods destroyed 40 homes."
    assert frames(text) == []


ARTICLE = (
    "The northern province has seen a surge in attacks in recent months, and the government says its new "
    "offensive will target the Red Hand Front. The Front has been fighting the army for a long time. "
    "Fourteen people were killed when a Red Hand suicide bomber blew himself up at a bus station in Kora "
    "on 3 June. The army said on Friday that militants had stormed an outpost near Vell, killing 9 soldiers. "
    "The assault, in which a truck loaded with explosives was rammed into the gate, also killed four "
    "attackers. Five policemen were killed in another attack in the same province, bringing the total "
    "number of people killed in the last 24 hours to 14. The attack was claimed by the Red Hand Front. "
    "In Tarvia, border guards said on Saturday that they had killed two smugglers in a firefight. "
    "The foreign minister condemned the gunmen's actions and pledged support. "
    "The recent attacks, which began on Monday and have killed more than 40 people, are the worst in years."
)


def test_a_report_of_several_events_with_running_totals() -> None:
    from sitrep.extract import classify

    ctx = ArticleContext(article=Article(id="r", text=ARTICLE), sentences=split_sentences(ARTICLE))
    totals, only = aggregates.find_aggregates(ctx)
    found = segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences), skip=only)
    kinds = [classify.classify(ctx, f) for f in found]
    assert [k.sub_event_type for k in kinds] == ["Suicide bomb", "Suicide bomb", "Armed clash", "Armed clash"]
    assert [len(f.sentences) for f in found] == [1, 2, 2, 1]
    assert [(a.fatalities, a.qualifier, a.period) for a in totals] == [
        (14, None, "in the last 24 hours"),
        (40, "more than", "since Monday"),
    ]
    # The totals' own words never became event triggers.
    total_spans = [a.evidence["fatalities"][0] for a in totals]
    for frame in found:
        for trigger in frame.triggers:
            assert not any(s.start <= trigger.span.start < s.end for s in total_spans)


def test_denials_are_not_events() -> None:
    assert frames("Officials said no clashes were reported in the district and without any casualties.") == []


def test_a_trailing_coder_note_does_not_hide_the_sentence() -> None:
    found = frames(
        "On 2 May 2021, workers held a protest in Oru. The police dispersed the protest. [size=50]"
    )
    assert [f.sentences for f in found] == [[0, 1]]


def test_a_back_reference_late_in_the_sentence_joins_despite_the_report_day() -> None:
    # "in the fighting" refers back; "on Wednesday" dates the statement, not a second event.
    text = (
        "Troops clashed with rebels near Oru on Monday, killing nine rebels in a long gun battle. "
        "Three soldiers were killed and four were wounded in the fighting, a military spokesman said "
        "in a statement on Wednesday. "
        "Villagers said the fighters had come on foot at night and attacked an army post."
    )
    assert [f.sentences for f in frames(text)] == [[0, 1, 2]]


def test_a_new_day_in_the_event_clause_still_starts_a_new_event() -> None:
    text = (
        "Troops clashed with rebels near Oru on Monday, killing nine rebels. "
        "Three soldiers were killed by a roadside bomb near Ama on Wednesday."
    )
    assert [f.sentences for f in frames(text)] == [[0], [1]]


def test_a_casualty_only_sentence_joins_the_event_before_it() -> None:
    text = (
        "Gunmen attacked a bus station in Kora on Friday. "
        "Four passengers were killed and six were wounded, police said on Saturday."
    )
    assert [f.sentences for f in frames(text)] == [[0, 1]]
    # Its own place and day: a second event, not the toll of the first.
    text = "Gunmen attacked a bus station in Kora on Friday. Two soldiers were killed in Bama on Sunday."
    assert [f.sentences for f in frames(text)] == [[0], [1]]


def test_denied_violence_is_no_event() -> None:
    text = (
        "The army denied that rebels attacked the presidential farm. "
        "The report that the envoy's daughter was wounded by gunfire is unfounded."
    )
    assert frames(text) == []


def test_kinds_of_crime_named_in_legal_or_trade_frames_are_no_events() -> None:
    text = (
        "The court freed the members of a kidnapping ring. "
        "The man was an expert in explosives and was later charged with murder. "
        "Parliament debated the death penalty."
    )
    assert frames(text) == []


def test_agent_nouns_alone_tell_no_event_but_follow_one() -> None:
    assert frames("The kidnappers were later released by a judge.") == []
    found = frames("Gunmen abducted two engineers in Oba on Monday. The kidnappers demanded a ransom.")
    assert [f.sentences for f in found] == [[0, 1]]


def test_a_tally_of_a_campaign_is_no_event() -> None:
    assert frames("They have killed many people and they want to impose a new government.") == []
    assert len(frames("Rebels killed four people in Ata on Monday.")) == 1


def test_a_protest_sentence_about_police_force_joins_the_protest() -> None:
    text = "Hundreds of students marched in Lagos on Monday. Police dispersed the crowd with tear gas."
    assert [f.sentences for f in frames(text)] == [[0, 1]]
    # The crowd's own acts are not the police's: "drivers stopped all work" stays out of the frame.
    text = "Hundreds of taxi drivers protested in Lima on Monday. Drivers stopped all work during the day."
    assert [f.sentences for f in frames(text)] == [[0]]


def test_history_recalled_in_a_later_report_is_no_event() -> None:
    import datetime as dt

    text = "It may be recalled that rebels raided the district. In Oka, rebels raided the district in 1987."
    ctx = ArticleContext(article=Article(id="h", text=text), sentences=split_sentences(text))
    ctx.published = dt.date(1990, 2, 4)
    assert segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences)) == []
    ctx.published = dt.date(1987, 6, 1)
    assert [f.sentences for f in segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences))] == [[1]]


def test_a_war_toll_and_habits_are_no_event() -> None:
    text = (
        "The constitution was drafted on the killing of over 70,000 people. "
        "Revolutionaries always end up killing each other. "
        "The accord put an end to hostilities. The government must stop torture."
    )
    assert frames(text) == []


def test_plural_acts_with_nothing_to_pin_them_down_are_a_practice_not_an_event() -> None:
    text = (
        "The bishop said the army's indiscriminate bombings of poor neighbourhoods must end. "
        "The report lists the killings, the assassinations and the disappearances of the decade."
    )
    assert frames(text) == []
    # A count, a day or a past verb after the plural makes it occurrences.
    assert len(frames("Two bombings shook the capital of Kora on Monday.")) == 1
    assert len(frames("The mayor said that the rebel attacks damaged the main power line.")) == 1


def test_weapons_talked_about_are_no_event_but_weapons_used_are() -> None:
    text = "The factory produces cluster bombs and other war materiel. Missiles are classified by their fuel."
    assert frames(text) == []
    text = "On 13 June 2023, gunmen stormed the camp of Ruma. They exchanged fire and used rockets."
    assert [f.sentences for f in frames(text)] == [[0, 1]]


def test_a_campaign_against_a_kind_of_crime_is_no_event() -> None:
    assert frames("The police launched a new offensive against drug trafficking in the north.") == []
    assert frames("The colonel is one of those in charge of fighting drug trafficking.") == []
    assert len(frames("Troops were fighting drug traffickers in Oka on Monday.")) == 1
    assert len(frames("Rebels launched an offensive against the army in Kiva on Monday.")) == 1


def test_figures_of_speech_and_vague_or_war_tolls_are_no_events() -> None:
    text = (
        "The economy needs a shot in the arm, the minister said. "
        "Analysts warn of a population explosion. "
        "Many people were killed during those days. "
        "The war between the two cartels has already claimed more than 120 deaths. "
        "The ten-week war, which killed more than 1,000 people, ended in June."
    )
    assert frames(text) == []
    assert len(frames("The fighting, which killed five soldiers, broke out in Ata on Monday.")) == 1


def test_a_denied_list_of_harms_is_no_event() -> None:
    text = (
        "On 7 May, men burned tractors in Ulo. There have been several attacks in the region. "
        "No people were reported injured or killed."
    )
    assert [f.sentences for f in frames(text)] == [[0]]
    assert frames("No one was hurt or killed.") == []


def test_a_bare_infinitive_is_a_purpose_not_an_act() -> None:
    assert frames("He raised funds for the purchase of arms to kill civilians.") == []
    assert len(frames("Gunmen tried to kill a trader in Oka on Monday.")) == 1
    assert len(frames("Rebels began to attack the town of Oka on Monday.")) == 1
    # Only verbs of violence: "beaten to death" and "gathered to protest" are acts told.
    assert len(frames("On 2 May, a trader was beaten to death by police in Oka.")) == 1
    assert len(frames("On 2 May, drivers blocked the road in Oka to protest against fuel prices.")) == 1


def test_a_follow_up_that_revises_the_toll_is_the_event_told_again() -> None:
    # "rose"/"risen" are the report's only past verbs: without them the noun "bombing" read as a state of
    # affairs, and the follow-up that the merge needs to revise the toll produced no event at all.
    assert len(frames("The death toll from the bombing of the market in Ardo has risen to 12.")) == 1
    assert len(frames("The death toll from Tuesday's suicide bombing in Ardo rose to nine.")) == 1
    assert frames("Bombings of markets are a constant fear, and prices have risen since.") == []


def test_a_date_wrapped_across_lines_still_parts_the_events() -> None:
    # Wire copy breaks lines anywhere: "ON 16\nMAY" is a day of its own, not the frame's.
    text = (
        "TROOPS CLASHED WITH REBELS NEAR ORU ON 20 MAY, KILLING NINE REBELS. "
        "THE FIGHTING LASTED ALL NIGHT. THE MAYOR TOLD REPORTERS ABOUT THE DAMAGE. "
        "THE PRIESTS OF THE PARISH WERE KILLED IN AMA ON 16\nMAY."
    )
    assert [f.sentences for f in frames(text)] == [[0, 1], [3]]


def test_a_day_told_as_days_later_is_another_event() -> None:
    text = (
        "Gunmen killed a union leader in Oka on 2 March. The police chief visited the town. "
        "Only four days later, the youth leader Ana Ruiz was killed at the airport of Ama."
    )
    assert [f.sentences for f in frames(text)] == [[0], [2]]
    text = (
        "Gunmen killed a union leader in Oka on 2 March. Two guards were wounded in the attack. "
        "One of the guards died two days later."
    )
    assert [f.sentences for f in frames(text)] == [[0, 1, 2]]
    text = "Air strikes hit rebel camps near Oka on 2 May. Six corpses were found there the following day."
    assert [f.sentences for f in frames(text)] == [[0, 1]]  # bodies found later: the strike's toll
    text = "Gunmen abducted a teacher in Oka on 2 May. The next day his body was found with signs of torture."
    assert [f.sentences for f in frames(text)] == [[0, 1]]


def test_a_past_act_in_a_relative_clause_is_not_governed_by_a_plan() -> None:
    text = "The delegation will attend the funerals of the priests who were killed in Oka on 16 May."
    assert [f.sentences for f in frames(text)] == [[0]]
    assert frames("The delegation will attend the talks and rebels will attack the town.") == []
    # Without a day of its own the clause stays governed: "whether" still asks.
    assert frames("They would not say whether the men who were killed were agents.") == []


def test_in_the_past_few_hours_is_news_not_history() -> None:
    assert len(frames("Rebels in Oba seized two engineers in the past few hours.")) == 1
    assert frames("Two engineers were kidnapped by rebels in the past.") == []


def test_a_reaction_that_counts_and_dates_the_act_tells_the_act() -> None:
    # The article's only report of the killing: its victims counted and its own day.
    text = "The minister condemned on Friday the killing of six priests on Thursday in Oka."
    assert [f.sentences for f in frames(text)] == [[0]]
    assert frames("The minister condemned the killing of the priests.") == []
    assert frames("The minister condemned the killing of six priests.") == []
    # The day of the reaction is not the act's.
    assert frames("The minister condemned the killing of six priests, the ministry said on Friday.") == []
