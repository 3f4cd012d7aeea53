"""Event dates and ACLED time precision, resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.context import ArticleContext, EventFrame, Trigger
from sitrep.extract.dates import EventDate, event_date, find_dates, find_shifts, parse_dateline
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article, Span

# Timing is not what these properties test, and the test machine's CPU is shared.
untimed = settings(deadline=None)

WED = dt.date(2024, 11, 20)  # a Wednesday


def date_for(text: str, published: dt.date | None = WED, trigger: str | None = None) -> EventDate:
    """The event date of a frame made of the sentence holding `trigger` (default: every sentence)."""
    article = Article(id="t", text=text, published=published)
    ctx = ArticleContext(article=article, sentences=split_sentences(text), published=published)
    span, _ = parse_dateline(text)
    ctx.dateline = span
    if trigger is None:
        frame = EventFrame(sentences=[s.index for s in ctx.sentences], triggers=[])
    else:
        at = text.index(trigger)
        index = next(s.index for s in ctx.sentences if s.start <= at < s.end)
        frame = EventFrame(
            [index], [Trigger(Span(start=at, end=at + len(trigger), text=trigger), index, "attack")]
        )
    return event_date(ctx, frame)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 9 May 2020, protesters gathered in the square.", dt.date(2020, 5, 9)),
        ("Troops clashed with rebels on May 9, 2020 near the river.", dt.date(2020, 5, 9)),
        ("01/01/2021: A bomb exploded near a police vehicle.", dt.date(2021, 1, 1)),
        ("THE ATTACK TOOK PLACE ON 10 JAN 90 IN THE CAPITAL.", dt.date(1990, 1, 10)),
        ("The raid happened on 2023-03-04 at dawn.", dt.date(2023, 3, 4)),
        ("Gunmen attacked the convoy on the 3rd of March, 2022.", dt.date(2022, 3, 3)),
    ],
)
def test_explicit_dates(text: str, expected: dt.date) -> None:
    d = date_for(text, published=None)
    assert (d.date, d.precision) == (expected, 1)
    (span,) = d.evidence["event_date"]
    assert text[span.start : span.end] == span.text


def test_day_and_month_without_year_take_the_publication_year() -> None:
    assert date_for("A bomb exploded at a station in Quetta on November 9.").date == dt.date(2024, 11, 9)
    # December news read in January belongs to the year before
    d = date_for("Rebels seized the town on 28 December.", published=dt.date(2025, 1, 3))
    assert d.date == dt.date(2024, 12, 28)
    # without a publication date the year is unknown
    assert date_for("Rebels seized the town on 28 December.", published=None).date is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Tuesday", dt.date(2024, 11, 19)),
        ("on Wednesday", WED),  # the publication weekday is that day
        ("on Thursday", dt.date(2024, 11, 14)),  # otherwise the most recent past one
        ("on Monday night", dt.date(2024, 11, 18)),
        ("last Wednesday", dt.date(2024, 11, 13)),
        ("yesterday", dt.date(2024, 11, 19)),
        ("last night", dt.date(2024, 11, 19)),
        ("today", WED),
        ("three days ago", dt.date(2024, 11, 17)),
    ],
)
def test_relative_days(phrase: str, expected: dt.date) -> None:
    d = date_for(f"Gunmen attacked a checkpoint {phrase}, officials said.")
    assert (d.date, d.precision) == (expected, 1)


@untimed
@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_weekdays_fall_in_the_week_up_to_publication(published: dt.date, weekday: str) -> None:
    d = date_for(f"Police dispersed the crowd on {weekday}.", published=published)
    assert d.date is not None and 0 <= (published - d.date).days <= 6
    assert d.date.strftime("%A") == weekday


def test_last_week_is_week_precise_and_mid_week() -> None:
    d = date_for("Soldiers raided the village last week.")
    assert (d.date, d.precision) == (dt.date(2024, 11, 14), 2)


def test_last_month_is_month_precise() -> None:
    assert (
        date_for("Jets struck the camp last month.").date,
        date_for("Jets struck the camp last month.").precision,
    ) == (dt.date(2024, 10, 15), 3)
    assert date_for("Jets struck the camp early last month.").date == dt.date(2024, 10, 1)
    assert date_for("Jets struck the camp late last month.").date == dt.date(2024, 10, 31)


def test_earlier_this_month_and_named_months() -> None:
    d = date_for("The militia burned the market earlier this month.")
    assert (d.date, d.precision) == (dt.date(2024, 11, 15), 3)
    d = date_for("The militia burned the market in late March.")
    assert (d.date, d.precision) == (dt.date(2024, 3, 31), 3)


def test_around_and_as_reported_are_week_precise() -> None:
    d = date_for("Around 8 May 2020 (as reported), a man was found dead.", published=None)
    assert (d.date, d.precision) == (dt.date(2020, 5, 8), 2)


def test_reporting_date_is_not_the_event_date() -> None:
    text = (
        "The military reported on Wednesday that fighters had stormed a base on Monday, killing 12 soldiers."
    )
    assert date_for(text, trigger="stormed").date == dt.date(2024, 11, 18)
    # with nothing better, the report date is used, with less confidence and a note
    text = "The military reported on Tuesday that fighters had stormed a base, killing 12 soldiers."
    d = date_for(text, trigger="stormed")
    assert d.date == dt.date(2024, 11, 19) and d.confidence <= 0.5 and d.notes


def test_dates_near_the_trigger_win() -> None:
    text = "On Sunday protesters marched, and on Tuesday troops shelled the town."
    assert date_for(text, trigger="shelled").date == dt.date(2024, 11, 19)


def test_the_previous_sentence_dates_the_frame() -> None:
    text = "Fighting broke out on Monday near the border. Three soldiers were killed."
    assert date_for(text, trigger="killed").date == dt.date(2024, 11, 18)


def test_periods_are_week_precise() -> None:
    d = date_for("Attacks since Sunday have killed more than 70 people.")
    assert (d.date, d.precision) == (dt.date(2024, 11, 18), 2)
    d = date_for("Twenty people were killed in the last 24 hours.")
    assert d.date == WED and d.confidence < 0.5


def test_without_publication_date_relative_dates_stay_null() -> None:
    d = date_for("Gunmen attacked a checkpoint on Tuesday.", published=None)
    assert d.date is None and d.notes
    assert d.evidence["event_date"][0].text == "on Tuesday"
    # the lead's absolute date belongs to something else: it does not replace the event's own date
    text = "On 9 May 2020, talks began. Gunmen attacked a checkpoint on Tuesday."
    assert date_for(text, published=None, trigger="attacked").date is None


def test_no_date_in_text_falls_back_to_publication_with_low_confidence() -> None:
    d = date_for("Protesters marched to parliament.")
    assert (d.date, d.precision) == (WED, 1) and d.confidence < 0.5


def test_may_the_verb_is_not_a_month() -> None:
    assert all(m.date is None or m.date.month != 5 for m in find_dates("Fighting may 3 times resume.", WED))


@pytest.mark.parametrize(
    ("text", "date", "dateline"),
    [
        ("QUETTA, Nov 20 (Reuters) – Gunmen attacked a train.", None, "QUETTA, Nov 20 (Reuters) –"),
        ("LIMA, 10 JAN 90 (EFE) -- [TEXT] POLICE SAID.", dt.date(1990, 1, 10), "LIMA, 10 JAN 90 (EFE) --"),
        (
            "GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- THE ARMY DENIED IT.",
            dt.date(1990, 2, 4),
            "GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) --",
        ),
        ("KABUL, Afghanistan, March 3, 2021 (AP) - A bomb exploded.", dt.date(2021, 3, 3), None),
        ("Sunamganj, Jan 2 (UNB) Over 50 people were injured.", None, "Sunamganj, Jan 2 (UNB)"),
        ("WASHINGTON (AP) — Officials said.", None, "WASHINGTON (AP) —"),
        (
            "   MANAGUA (NICARAGUA), 26 AUG 89 (BARRICADA) -- [TEXT] A REPORT.",
            dt.date(1989, 8, 26),
            "MANAGUA (NICARAGUA), 26 AUG 89 (BARRICADA) --",
        ),
        (
            "   CLANDESTINE, NO DATE (RADIO VENCEREMOS) -- [TEXT] THE FMLN SAID.",
            None,
            "CLANDESTINE, NO DATE (RADIO VENCEREMOS) --",
        ),
    ],
)
def test_datelines(text: str, date: dt.date | None, dateline: str | None) -> None:
    span, found = parse_dateline(text)
    assert span is not None and found == date
    assert text[span.start : span.end] == span.text
    if dateline is not None:
        assert span.text == dateline


def test_no_dateline_in_ordinary_text() -> None:
    assert parse_dateline("On 9 May 2020, protesters gathered in the square.") == (None, None)
    assert parse_dateline("") == (None, None)
    assert parse_dateline("Police said, May 3 (local time) that") == (None, None)


def test_muc_style_today_resolves_against_the_dateline() -> None:
    text = "LIMA, 10 JAN 90 (EFE) -- [TEXT] GUERRILLAS ATTACKED A POLICE STATION TODAY."
    _, published = parse_dateline(text)
    assert date_for(text, published=published).date == dt.date(1990, 1, 10)


def test_an_explicit_date_after_a_weekday_wins() -> None:
    d = date_for(
        "The commander's wife was killed on Monday, 4 August, police said.", published=dt.date(1989, 9, 6)
    )
    assert d.date == dt.date(1989, 8, 4)
    d = date_for(
        "THE JESUITS MURDERED LAST FRIDAY [17 NOVEMBER] WERE BURIED.", published=dt.date(1989, 11, 19)
    )
    assert d.date == dt.date(1989, 11, 17)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        (
            "Sometime between February 17, 2021 and February 24, 2021, gunmen attacked a convoy.",
            dt.date(2021, 2, 20),
            2,
        ),
        ("Between 3 and 5 May 2020 militias raided the villages.", dt.date(2020, 5, 4), 2),
        ("Between March 6, 2021 and March 20, 2021, officials were abducted.", dt.date(2021, 3, 13), 3),
    ],
)
def test_ranges_code_their_middle(text: str, expected: dt.date, precision: int) -> None:
    d = date_for(text, published=None)
    assert (d.date, d.precision) == (expected, precision)


def test_between_two_numbers_is_not_a_date() -> None:
    assert find_dates("Between 10 and 15 people were killed.", WED) == []


def test_a_frame_pointing_past_the_article_does_not_crash() -> None:
    text = "Gunmen attacked the village on 3 May 2021."
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    assert event_date(ctx, EventFrame(sentences=[5], triggers=[])).date is None
    assert event_date(ctx, EventFrame(sentences=[0, 5], triggers=[])).date == dt.date(2021, 5, 3)


def test_dates_in_relative_clauses_are_background() -> None:
    text = (
        "On 29 April 2020, an activist, who was arrested on 16 April 2020 for breaking the curfew, "
        "said police had beaten him."
    )
    assert date_for(text, published=None, trigger="beaten").date == dt.date(2020, 4, 29)
    # unless the event is the one the clause tells
    assert date_for(text, published=None, trigger="arrested").date == dt.date(2020, 4, 16)


def test_last_evening_is_yesterday() -> None:
    d = date_for("Two bombs went off in the port last evening, shortly before the curfew.")
    assert (d.date, d.precision) == (dt.date(2024, 11, 19), 1)


def test_a_date_before_the_reporting_verb_dates_the_report() -> None:
    # "SOURCES TODAY REPORTED", "police on Tuesday said": the date belongs to the verb that follows it
    text = "ARMY SOURCES TODAY REPORTED THAT REBELS AMBUSHED A PATROL NEAR THE RIVER."
    mention = find_dates(text, WED)[0]
    assert mention.text == "TODAY" and mention.reporting
    text = "Police on Tuesday said that gunmen had torched a school on Sunday."
    assert date_for(text, trigger="torched").date == dt.date(2024, 11, 17)
    # the event's own date is not a report's
    assert not find_dates("Gunmen torched a school on Sunday, police said.", WED)[0].reporting


def test_charged_and_indicated_are_reporting_verbs() -> None:
    text = "The minister publicly charged on 12 November that the rebels had murdered two mayors."
    assert find_dates(text, WED)[0].reporting
    text = "Officials indicated on Monday that an attack on the depot was foiled."
    assert find_dates(text, WED)[0].reporting
    # the verb's object may stand between it and the date
    assert find_dates("The bishop told the media today that five people died.", WED)[0].reporting
    assert find_dates("The front claimed responsibility today for the bombing.", WED)[0].reporting
    # "alleged" before a noun is no reporting verb
    assert not find_dates("On 10 March alleged rebels burned a bus.", WED)[0].reporting


def test_since_a_day_starts_a_period() -> None:
    (mention,) = find_dates("Troops have been deployed in the north since 1 November.", WED)
    assert mention.period
    (mention,) = find_dates("TROOPS HAVE BEEN DEPLOYED SINCE YESTERDAY IN THE EAST.", WED)
    assert mention.period
    # "since 1 November, when ...": the day of the event the when-clause tells
    (mention,) = find_dates("Threats grew since 1 November, when a columnist was murdered.", WED)
    assert not mention.period


def test_an_undated_lead_takes_the_date_of_the_next_sentences() -> None:
    text = (
        "Rebels carried out one of their worst raids on the mountain town of Kestrel Falls. "
        "Police said today that the rebels arrived yesterday and burned the town hall."
    )
    d = date_for(text, trigger="raids")
    assert d.date == dt.date(2024, 11, 19) and d.confidence <= 0.5
    assert d.notes == ["date: taken from the sentences after the event"]
    # not from a sentence about another incident
    other = "Rebels raided the town hall. A police post was also attacked on Monday."
    assert date_for(other, trigger="raided").date == WED
    # a report date in the frame comes first; a month is no day
    reported = "Officials said on Tuesday that rebels raided the town. Jets struck the hills last month."
    assert date_for(reported, trigger="raided").date == dt.date(2024, 11, 19)
    month = "Rebels raided the town. Jets struck the hills last month."
    assert date_for(month, trigger="raided").date == WED
    # a wire's lead may be followed by two sentences of detail before the dated account
    three = "Rebels raided the town. They burned the market. Nobody was hurt. They came on Monday."
    assert date_for(three, trigger="raided").date == dt.date(2024, 11, 18)
    # not from further away than the next three sentences
    far = "Rebels raided the town. Talks stalled. Aid was cut. Shops closed. Farmers left on Monday."
    assert date_for(far, trigger="raided").date == WED


def test_the_reports_own_date_before_a_relative_clauses() -> None:
    text = (
        "THE FRONT, WHICH ON 2 NOVEMBER CLAIMED RESPONSIBILITY FOR A KIDNAPPING, CLAIMED RESPONSIBILITY "
        "TODAY FOR A BOMB AT A BANK."
    )
    d = date_for(text, trigger="BOMB")
    assert d.date == WED and d.evidence["event_date"][0].text == "TODAY"


def test_a_day_in_gmt_is_not_the_local_day() -> None:
    text = (
        "TWO BOMBS WENT OFF IN THE CAPITAL LAST NIGHT. THE FIRST EXPLODED AT 2230 [0230 GMT ON 20 NOVEMBER] "
        "NEAR THE MINISTRY."
    )
    assert date_for(text, trigger="EXPLODED").date == dt.date(2024, 11, 19)
    mention = next(m for m in find_dates(text, WED) if m.text == "20 NOVEMBER")
    assert mention.reporting


@pytest.mark.parametrize(
    "text",
    [
        "The interior ministry today offered a reward for news of the shooting of the mayor on 18 November.",
        "The senator today urged an inquiry into the shooting of the mayor on 18 November.",
        "Neighbours today called for arrests over the shooting of the mayor on 18 November.",
    ],
)
def test_a_political_act_today_does_not_date_the_earlier_incident(text: str) -> None:
    # the day of the offer or the appeal is the report's; the incident keeps its own named day
    result = date_for(text)
    assert result.date == dt.date(2024, 11, 18)
    assert [d.reporting for d in find_dates(text, WED)] == [True, False]


def test_a_political_act_alone_dates_the_report() -> None:
    result = date_for("The senator today urged an inquiry into the shooting of the mayor.")
    assert result.date == WED and result.confidence == 0.5


def test_a_coming_day_is_a_plan_not_the_event() -> None:
    # "8 December" in a 20 November report is the election's coming day, not last year's
    text = "Rebels bombed a polling station today to disrupt the elections set for 8 December."
    (coming,) = [d for d in find_dates(text, WED) if not d.relative]
    assert coming.date == dt.date(2024, 12, 8) and coming.coming
    result = date_for(
        "Rebels want to disrupt the elections set for 8 December. They bombed a polling station."
    )
    assert result.date == WED and result.precision == 1


def test_a_day_months_back_is_still_last_years() -> None:
    (d,) = find_dates("The bridge was blown up on 28 December.", dt.date(2025, 1, 6))
    assert d.date == dt.date(2024, 12, 28) and not d.coming
    (d,) = find_dates("The bridge was blown up on 28 June.", dt.date(2025, 1, 6))
    assert d.date == dt.date(2024, 6, 28) and not d.coming


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("last March", dt.date(1990, 5, 2), dt.date(1990, 3, 15)),
        ("last November", dt.date(1990, 1, 9), dt.date(1989, 11, 15)),
        # in a March report "last March" is a year back
        ("LAST MARCH", dt.date(1990, 3, 20), dt.date(1989, 3, 15)),
    ],
)
def test_last_named_month_is_the_most_recent_one_before_the_report(
    phrase: str, published: dt.date, expected: dt.date
) -> None:
    d = date_for(f"The killing of four farmers {phrase} is still unsolved.", published=published)
    assert (d.date, d.precision) == (expected, 3)


def test_last_may_the_month_needs_no_day_after_it() -> None:
    # "last May 3" is a day; "last may" in lower case is no month at all
    assert [m.text for m in find_dates("Talks stalled last may.", WED)] == []
    (d,) = find_dates("THE CONVOY WAS AMBUSHED LAST MAY.", WED)
    assert (d.date, d.precision) == (dt.date(2024, 5, 15), 3)


REACTION = (
    "THE FOREIGN MINISTER OF RURITANIA REFERRED TODAY TO THE MURDER OF THREE NUNS IN THE CAPITAL AND SAID "
    "THAT THOSE RESPONSIBLE MUST BE PUNISHED. HE ADDED THAT THE CRIMES COMMITTED ON 12 NOVEMBER HAVE "
    "SHOCKED HIS COUNTRY."
)


def test_a_reaction_today_to_a_named_incident_takes_the_incidents_day() -> None:
    d = date_for(REACTION, trigger="MURDER")
    assert (d.date, d.precision) == (dt.date(2024, 11, 12), 1)
    assert d.notes == ["date: the day of the incident the report refers to"]
    assert d.evidence["event_date"][0].text == "12 NOVEMBER"


def test_a_reaction_on_another_day_also_defers_to_the_incident() -> None:
    text = (
        "The president yesterday sent a letter of condolence over the assassination of the governor. "
        "The governor, who was shot dead in his car on 9 November, had received threats."
    )
    assert date_for(text, trigger="assassination").date == dt.date(2024, 11, 9)


def test_a_reaction_with_no_incident_day_dates_the_report() -> None:
    # the telegram's day bounds the incident: it happened on or before it
    text = "The president yesterday sent a telegram of condolence over the death of the senator."
    d = date_for(text, trigger="death")
    assert d.date == dt.date(2024, 11, 19)
    assert d.notes == ["date: the date of the report; the event is on or before it"]


@pytest.mark.parametrize(
    "text",
    [
        # a fresh incident told with a verb keeps its day
        "THE MURDER OF THE MAYOR SHOCKED THE TOWN. HE WAS SHOT DEAD TODAY. HIS BROTHER WAS KILLED ON 3 MAY.",
        # the day follows the noun: it is the noun's own
        "THE MURDER OF THE MAYOR TODAY SHOCKED THE TOWN. HIS BROTHER WAS KILLED ON 3 MAY.",
    ],
)
def test_a_fresh_incident_keeps_its_own_day(text: str) -> None:
    assert date_for(text, trigger="MURDER").date == WED


def test_an_indefinite_noun_is_no_reference() -> None:
    text = "A MURDER SHOCKED THE TOWN TODAY. A FARMER WAS KILLED THERE ON 3 MAY."
    assert date_for(text, trigger="MURDER").date == WED


def test_a_day_told_beside_its_own_attack_is_no_reaction() -> None:
    text = (
        "On 14 March the deputy escaped unharmed from an attack on his car. His driver died in the attack, "
        "which occurred near the border. Rebels murdered 30 villagers there on 12 November 2023."
    )
    published = dt.date(2024, 3, 16)
    article = Article(id="t", text=text, published=published)
    ctx = ArticleContext(article=article, sentences=split_sentences(text), published=published)
    at = text.index("the attack") + 4  # the definite one, in the second sentence
    span = Span(start=at, end=at + 6, text="attack")
    frame = EventFrame([1], [Trigger(span, 1, "attack")])
    assert event_date(ctx, frame).date == dt.date(2024, 3, 14)


def test_a_relative_clause_opened_by_that_is_background() -> None:
    text = (
        "JOSE PEREZ, LEADER OF THE PARTY THAT SIGNED THE TRUCE ON 2 OCTOBER, WAS SHOT DEAD BY GUNMEN IN THE "
        "MARKET TODAY."
    )
    assert date_for(text, trigger="SHOT").date == WED
    # a reported clause is the event's own, and so is a relative clause on an incident noun
    assert date_for("POLICE SAID THAT ON 2 OCTOBER GUNMEN SHOT A JUDGE.", trigger="SHOT").date == dt.date(
        2024, 10, 2
    )
    text = "A JUDGE DIED IN THE SHOOTING THAT TOOK PLACE ON 2 OCTOBER NEAR THE COURT."
    assert date_for(text, trigger="DIED").date == dt.date(2024, 10, 2)


@pytest.mark.parametrize(
    "text",
    [
        "A LEADER OF THE 6 MAY MOVEMENT WAS KIDNAPPED TODAY.",
        "A BOMB EXPLODED TODAY IN THE 12 OCTOBER NEIGHBORHOOD OF THE CAPITAL.",
        "GUNMEN ATTACKED A BUS TODAY ON 3 MAY AVENUE.",
    ],
)
def test_a_day_that_names_a_group_or_a_place_is_no_date(text: str) -> None:
    assert [d.text for d in find_dates(text, WED)] == ["TODAY"]


def test_the_same_day_as_a_statement_dates_the_incident() -> None:
    text = (
        "THE COURT RULED TODAY ON THE EMERGENCY LAWS. THE LAWS WERE ISSUED ON 6 AUGUST, THE SAME DAY "
        "THE GOVERNOR WAS ASSASSINATED."
    )
    d = date_for(text, trigger="ASSASSINATED")
    assert (d.date, d.precision) == (dt.date(2024, 8, 6), 1)
    # "the day after" is another day: the statement's date stays the report's
    (day,) = find_dates("THE LAWS WERE ISSUED ON 6 AUGUST, THE DAY AFTER THE GOVERNOR WAS KILLED.", WED)
    assert day.reporting


@pytest.mark.parametrize(
    "text",
    [
        # "that" as a conjunction, and "those responsible for": no definite reference to an incident
        "OFFICIALS REPORTED THAT SEVERAL ATTACKS AND HEAVY FIGHTING IN THE NORTHERN PROVINCES TOOK PLACE ON "
        "19 NOVEMBER.",
        "THE PRESIDENT SAID THAT THOSE RESPONSIBLE FOR KILLING THE MAYOR OF THE NORTHERN TOWN IN HIS OFFICE "
        "ON 19 NOVEMBER WILL BE PUNISHED.",
    ],
)
def test_a_conjunction_is_no_definite_reference(text: str) -> None:
    trigger = "ATTACKS" if "ATTACKS" in text else "KILLING"
    d = date_for(text, trigger=trigger)
    assert d.date == dt.date(2024, 11, 19)
    assert d.notes == []


def test_a_day_possessive_tells_a_fresh_incident() -> None:
    text = "AFTER LAST NIGHT'S ATTACK ON A PHARMACY, THE TOWN WAS QUIET."
    d = date_for(text, trigger="ATTACK")
    assert d.date == dt.date(2024, 11, 19)
    assert d.notes == []


def test_a_day_told_in_the_future_is_a_plan_even_just_after_the_report() -> None:
    text = "THE MINISTERS, WHO WILL BEGIN MEETING ON 22 NOVEMBER, CONDEMNED THE ATTACK ON THE EMBASSY TODAY."
    (day, today) = find_dates(text, WED)
    assert day.coming and not today.coming
    # without the future tense a day within the week's slack may still be the event's (a late wire)
    (day,) = find_dates("REBELS ATTACKED THE TOWN ON 22 NOVEMBER.", WED)
    assert not day.coming


@pytest.mark.parametrize(
    ("phrase", "days", "precision"),
    [
        ("Four days later", 4, 1),
        ("4 days later", 4, 1),
        ("TWO DAYS LATER", 2, 1),
        ("The next day", 1, 1),
        ("The following day", 1, 1),
        ("The day before,", -1, 1),
        ("The previous day", -1, 1),
        ("Three days earlier", -3, 1),
        ("A day before,", -1, 1),
        ("The day before outside the embassy", -1, 1),  # a place, not the day it is told from
        ("A week later", 7, 2),
    ],
)
def test_days_told_from_another_day_are_counted(phrase: str, days: int, precision: int) -> None:
    (shift,) = find_shifts(f"{phrase} gunmen burned the market.")
    assert (shift.days, shift.precision) == (days, precision)


@pytest.mark.parametrize(
    "text",
    [
        "The results will be announced later.",
        "Rebels attacked the town two days before the elections.",  # told from the elections
        "The army shelled the hills the day before yesterday.",  # told from the report: a date of its own
    ],
)
def test_no_day_told_from_the_last_one(text: str) -> None:
    assert find_shifts(text) == []


def test_a_day_later_counts_from_the_day_stated_before() -> None:
    text = "On 27 February, rebels attacked a village. Four days later, gunmen killed two farmers."
    d = date_for(text, trigger="killed")
    assert (d.date, d.precision) == (dt.date(2024, 3, 2), 1)
    assert d.notes == ["date: 4 days after 27 February, as the text tells"]
    (span,) = d.evidence["event_date"]
    assert span.text == "Four days later"


def test_a_day_told_from_a_weekday_or_from_yesterday() -> None:
    d = date_for(
        "Rebels attacked a village on Monday. The next day, gunmen burned the market.", trigger="burned"
    )
    assert d.date == dt.date(2024, 11, 19)
    d = date_for(
        "Soldiers raided the camp yesterday. Two days earlier, gunmen burned the market.", trigger="burned"
    )
    assert d.date == dt.date(2024, 11, 17)


def test_a_report_day_anchors_the_day_before_it() -> None:
    d = date_for(
        "Police said on Tuesday that gunmen had killed two farmers the previous day.", trigger="killed"
    )
    assert d.date == dt.date(2024, 11, 18)
    assert d.notes == ["date: 1 day before 19 November, as the text tells"]


def test_days_told_one_from_another_add_up() -> None:
    text = "On 1 November rebels seized a town. The next day they burned it. Two days later they shot a man."
    assert date_for(text, trigger="shot").date == dt.date(2024, 11, 4)


def test_a_later_day_with_no_day_before_it_keeps_the_publication_date() -> None:
    d = date_for("Two days later, gunmen killed three farmers.", trigger="killed")
    assert (d.date, d.confidence) == (WED, 0.3)
    assert (
        date_for("Two days later, gunmen killed three farmers.", published=None, trigger="killed").date
        is None
    )


def test_the_previous_day_beside_a_day_of_its_own_is_the_cause() -> None:
    text = "On 5 November, protesters marched over the killing of a driver the previous day."
    assert date_for(text, trigger="marched").date == dt.date(2024, 11, 5)


def test_a_later_death_is_the_toll_not_a_day_of_the_event() -> None:
    text = "On 10 November rebels ambushed a convoy. A driver was wounded and died two days later."
    assert date_for(text, trigger="died").date == dt.date(2024, 11, 10)


def test_a_later_day_in_the_sentence_of_its_anchor() -> None:
    text = "On 2 September a car bomb destroyed a newspaper office and 5 weeks later another bomb hit a bank."
    d = date_for(text, trigger="hit")
    assert (d.date, d.precision) == (dt.date(2024, 10, 7), 2)
    assert date_for(text, trigger="destroyed").date == dt.date(2024, 9, 2)
