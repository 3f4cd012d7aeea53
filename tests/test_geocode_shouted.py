"""Place recognition in all-capitals wire copy (issue 3): a person's or an organisation's name that is
also some small town abroad is no place unless the text puts something in that town. Sentences are
written for these tests."""

from __future__ import annotations

from geocoding import locate, prepared
from sitrep.extract.context import ArticleContext, EventFrame


def _senses(ctx: ArticleContext, name: str) -> set[str | None]:
    """The countries of the senses left to a name in the article."""
    return {h.entry.country for m in ctx.facts["geocode"].mentions if m.text == name for h in m.hits}


def test_a_surname_that_is_a_town_in_a_country_the_text_names_is_no_place(geocoder):
    # "U.S. MISSIONARIES" names the United States; Brent, Florida is still no place in this story
    text = (
        "LA PAZ, 4 MAR 90 (RADIO) -- [TEXT] GUNMEN KILLED TWO U.S. MISSIONARIES TODAY.  THE VICTIMS, "
        "HAROLD BRENT FOSS AND PAUL DUNN, WERE WALKING HOME FROM CHURCH."
    )
    ctx = prepared(geocoder, text)
    assert "US" not in _senses(ctx, "BRENT")
    place = geocoder.locate(ctx, EventFrame(sentences=[1], triggers=[]))
    assert place.country == "Bolivia"


def test_the_last_word_of_a_party_name_is_no_town_abroad(geocoder):
    text = (
        "SAN SALVADOR, 4 MAR 90 (EFE) -- [TEXT] THE U.S. CONGRESS CRITICIZED THE NATIONALIST REPUBLICAN "
        "ALLIANCE TODAY.  A BOMB DESTROYED A WAREHOUSE LAST NIGHT."
    )
    ctx = prepared(geocoder, text)
    assert "US" not in _senses(ctx, "ALLIANCE")
    place = geocoder.locate(ctx, EventFrame(sentences=[0, 1], triggers=[]))
    assert place.country == "El Salvador"


def test_a_town_abroad_the_text_puts_something_in_stays(geocoder):
    # after "IN", or followed by its state, the same name is the town
    text = (
        "LA PAZ, 4 MAR 90 (RADIO) -- [TEXT] THE U.S. PRESS REPORTED A PROTEST IN ALLIANCE TODAY.  "
        "STUDENTS FROM ALLIANCE, OHIO, JOINED IT."
    )
    ctx = prepared(geocoder, text)
    kept = [m for m in ctx.facts["geocode"].mentions if m.text == "ALLIANCE"]
    assert len(kept) == 2
    assert all(any(h.entry.country == "US" for h in m.hits) for m in kept)


def test_a_bureau_whose_country_the_text_never_names_keeps_no_small_town_of_it(geocoder):
    # filed from Washington, about El Salvador: a priest's given name is not Ignacio, Colorado
    text = (
        "WASHINGTON DC (UNITED STATES), 16 NOV 89 (EFE) -- [TEXT] THE SALVADORAN FOREIGN MINISTER "
        "CONDEMNED THE MURDER OF SIX PRIESTS IN HIS COUNTRY.  HE SAID IGNACIO ELLACURIA, ONE OF THE "
        "PRIESTS KILLED, WAS HIS TEACHER."
    )
    ctx = prepared(geocoder, text)
    assert not _senses(ctx, "IGNACIO")
    place = geocoder.locate(ctx, EventFrame(sentences=[1], triggers=[]))
    assert place.location != "Ignacio"


def test_a_story_filed_at_home_keeps_its_small_towns(geocoder):
    text = (
        "SAN SALVADOR, 4 MAR 90 (RADIO) -- [TEXT] THE U.S. EMBASSY SAID TODAY THAT REBELS ATTACKED "
        "SUCHITOTO LAST NIGHT."
    )
    ctx = prepared(geocoder, text)
    assert _senses(ctx, "SUCHITOTO") == {"SV"}


def test_a_clandestine_story_keeps_the_towns_of_the_country_it_names_most(geocoder):
    # no dateline country: the text is about El Salvador, so its towns stand without "IN"; a small town
    # of the U.S., which it names once, does not
    text = (
        "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] SALVADORAN REBELS ATTACKED COJUTEPEQUE "
        "TODAY.  THE SALVADORAN ARMY FLED.  THE U.S. ENVOY, MR JOHN KENT, SAID NOTHING.  HUMBLE "
        "PEASANTS CHEERED THE REBELS."
    )
    ctx = prepared(geocoder, text)
    assert _senses(ctx, "COJUTEPEQUE") == {"SV"}
    assert "US" not in _senses(ctx, "HUMBLE")
    place = geocoder.locate(ctx, EventFrame(sentences=[0], triggers=[]))
    assert place.country == "El Salvador"


def test_mixed_case_text_is_left_to_the_parser(geocoder):
    # only all-capitals copy needs the cue: in mixed case capitals still mark a name
    text = "Police in Ohio said a bomb damaged a church in Alliance on Sunday."
    ctx = prepared(geocoder, text)
    assert "US" in _senses(ctx, "Alliance")


def test_a_place_after_in_stands_where_the_parser_runs_an_organisation_over_it(geocoder, nlp):
    # in capitals spaCy reads "SANTA TECLA AS" as an organisation; "IN" says it is the town
    text = (
        "SAN SALVADOR, 4 MAR 90 (RADIO) -- [TEXT] THE POLICE REPORTED A KIDNAPPING.  THE MNR LEADER WAS "
        "ABDUCTED BY UNIDENTIFIED INDIVIDUALS IN SANTA TECLA AS THEY WERE GOING TO THE AIRPORT."
    )
    place = locate(geocoder, text, nlp)
    assert (place.country, place.location) == ("El Salvador", "Santa Tecla")


def test_the_places_of_a_list_share_the_cue_before_the_first(geocoder):
    # Honduras is named and not the bureau's country: its towns stand on the "IN" before the list
    text = (
        "MANAGUA (NICARAGUA), 4 MAR 90 (RADIO) -- [TEXT] NICARAGUA SAID HONDURAN TROOPS ARE IN THE AREAS "
        "OF TROJES, DANLI, AND JUTICALPA."
    )
    ctx = prepared(geocoder, text)
    assert _senses(ctx, "DANLI") == {"HN"} and _senses(ctx, "JUTICALPA") == {"HN"}
    # a name after a sentence of other words is no item of the list
    other = (
        "MANAGUA (NICARAGUA), 4 MAR 90 (RADIO) -- [TEXT] NICARAGUA SAID HONDURAN TROOPS ARE IN THE AREA, "
        "AS JUTICALPA OFFICIALS SAID."
    )
    assert not _senses(prepared(geocoder, other), "JUTICALPA")


def test_a_city_after_in_stands_where_nothing_names_the_country(geocoder):
    text = (
        "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] TWO REPORTERS WERE SHOT IN SOYAPANGO LAST NIGHT."
    )
    place = geocoder.locate(prepared(geocoder, text), EventFrame(sentences=[0], triggers=[]))
    assert (place.country, place.location) == ("El Salvador", "Soyapango")
    # without the cue, a name of a town abroad may be anything
    bare = "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] SOYAPANGO RESIDENTS HEARD SHOTS LAST NIGHT."
    assert not _senses(prepared(geocoder, bare), "SOYAPANGO")
    # "around" is no such word: the first word of a name the index lacks is not a town abroad
    around = "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] FIGHTING RAGED AROUND SAN TERESA HOSPITAL."
    assert not _senses(prepared(geocoder, around), "SAN")
