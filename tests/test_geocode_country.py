"""The event's country in raw all-capitals wire copy (issues 3 and 9): a report filed from a bureau
abroad, a country named only through its adjective, a surname that is some town's name. Sentences are
written for these tests."""

from __future__ import annotations

from geocoding import prepared
from sitrep.extract.context import EventFrame
from sitrep.extract.geocode import Geocoder, Place


def locate(geocoder: Geocoder, text: str, sentence: int) -> Place:
    ctx = prepared(geocoder, text)
    return geocoder.locate(ctx, EventFrame(sentences=[sentence], triggers=[]))


def test_a_bureau_abroad_reports_on_the_country_its_adjective_names(geocoder):
    text = (
        "MEXICO CITY (MEXICO), 4 MAR 90 (EFE) -- [TEXT] THE SALVADORAN UNION FEDERATION TODAY ACCUSED "
        "THE SALVADORAN ARMY OF BOMBING VILLAGES.  THE SALVADORAN AIR FORCE DENIED THE CHARGE.  "
        "MEXICAN MEDIATORS ASKED BOTH SIDES FOR CALM.  THE BOMBS KILLED 12 PEASANTS LAST WEEK."
    )
    assert locate(geocoder, text, sentence=3).country == "El Salvador"


def test_a_bracket_after_the_dateline_marks_a_bureau_abroad_even_for_a_lost_country(geocoder):
    # the gazetteer knows no USSR; the bracket alone says the report was filed abroad
    text = (
        "MOSCOW (USSR), 4 MAR 90 (TASS) -- [TEXT] PERUVIAN POLICE HAVE ARRESTED THREE REBELS.  "
        "THE PERUVIAN GOVERNMENT PRAISED THE POLICE.  THE REBELS HAD KILLED 12 SOLDIERS LAST WEEK."
    )
    assert locate(geocoder, text, sentence=2).country == "Peru"
    # filed at home, the dateline still stands
    home = (
        "MOSCOW, 4 MAR 90 (TASS) -- [TEXT] PERUVIAN OFFICIALS ARRIVED TODAY.  THE PERUVIAN MINISTER MET "
        "HIS HOSTS.  A BOMB KILLED 2 GUARDS LAST NIGHT."
    )
    assert locate(geocoder, home, sentence=2).country == "Russia"


def test_a_surname_after_a_title_is_no_town_in_capitals(geocoder):
    text = (
        "SAN SALVADOR, 4 MAR 90 (RADIO) -- [TEXT] U.S. AMBASSADOR WILLIAM WALKER CONDEMNED THE MURDER "
        "OF SIX PRIESTS.  PRESIDENT DANIEL ORTEGA ALSO CONDEMNED THE MURDERS."
    )
    ctx = prepared(geocoder, text)
    names = {m.text for m in ctx.facts["geocode"].mentions}
    assert "WALKER" not in names and "DANIEL" not in names
    for i in (0, 1):
        place = geocoder.locate(ctx, EventFrame(sentences=[i], triggers=[]))
        assert place.country == "El Salvador"


def test_a_country_that_qualifies_an_office_lets_no_common_word_be_its_town(geocoder):
    # "U.S. EMBASSY" says whose embassy, not that the story is in the United States: "SUMMIT" stays a word
    text = (
        "SAN SALVADOR, 4 MAR 90 (RADIO) -- [TEXT] THE U.S. EMBASSY CALLED FOR A SUMMIT OF THE PARTIES.  "
        "A BOMB KILLED 2 GUARDS AT THE SUMMIT LAST NIGHT."
    )
    ctx = prepared(geocoder, text)
    assert "SUMMIT" not in {m.text for m in ctx.facts["geocode"].mentions}
    assert geocoder.locate(ctx, EventFrame(sentences=[1], triggers=[])).country == "El Salvador"


def test_a_countrys_embassy_abroad_does_not_move_the_story_home(geocoder):
    text = (
        "KINGSTON (JAMAICA), 4 MAR 90 (CANA) -- [TEXT] SECURITY AT THE COLOMBIAN EMBASSY HAS BEEN "
        "TIGHTENED.  THE COLOMBIAN AMBASSADOR THANKED THE POLICE.  COLOMBIAN DIPLOMATS SAID THE CALLER "
        "WAS NOT IDENTIFIED.  A SMALL BOMB EXPLODED OUTSIDE THE BUILDING LAST NIGHT."
    )
    assert locate(geocoder, text, sentence=3).country == "Jamaica"


def test_the_adjective_of_the_land_says_where_not_that_of_the_troops(geocoder):
    text = (
        "CLANDESTINE, 4 MAR 90 (RADIO) -- [TEXT] HONDURAN TROOPS CROSSED INTO SALVADORAN TERRITORY AND "
        "FIRED ON HONDURAN DESERTERS AND HONDURAN FARMERS."
    )
    assert locate(geocoder, text, sentence=0).country == "El Salvador"


def test_the_dateline_bracket_picks_the_towns_country_over_a_bigger_namesake(geocoder):
    # San Jose, California outnumbers San Jose, Costa Rica; the bracket says which one filed the report
    text = (
        "SAN JOSE (COSTA RICA), 4 MAR 90 (AFP) -- [TEXT] THE U.S. SECRETARY OF STATE ARRIVED TODAY.  "
        "A BOMB EXPLODED AT A BANK LAST NIGHT."
    )
    place = locate(geocoder, text, sentence=1)
    assert (place.country, place.location) == ("Costa Rica", "San Jose")


def test_a_people_in_the_plural_names_its_country_for_a_bureau_abroad(geocoder):
    # "THE SALVADORANS" says what "SALVADORAN" says: filed from Paris, the story is about El Salvador
    text = (
        "PARIS (FRANCE), 16 NOV 89 (AFP) -- [TEXT] A PRIEST SAID THE KILLERS OF SIX JESUITS WERE THOSE "
        "WHO KILLED THE ARCHBISHOP OF SAN SALVADOR.  THE DEATHS HAVE INCREASED THE FEAR FELT BY THE "
        "SALVADORANS.  THE PRIESTS WERE KILLED BY SOME 30 MEN IN UNIFORM."
    )
    ctx = prepared(geocoder, text)
    assert "El Salvador" in {h.entry.name for m in ctx.facts["geocode"].mentions if m.demonym for h in m.hits}
    assert geocoder.locate(ctx, EventFrame(sentences=[2], triggers=[])).country == "El Salvador"


def test_a_people_in_the_plural_names_its_country_in_plain_text(geocoder):
    assert locate(geocoder, "Hundreds of Syrians protested on Friday.", sentence=0).country == "Syria"
    # Latin American "Indians" are the continent's native peoples, not India's citizens
    place = locate(geocoder, "Indians blocked the road on Friday.", sentence=0)
    assert place.country != "India"


def test_a_story_without_a_dateline_place_is_coded_to_the_country_it_is_about(geocoder):
    # "CLANDESTINE" says nothing of where; an event whose sentences name no place is still in the
    # country the whole text is about, and only there: no location is guessed
    text = (
        "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] THE SALVADORAN ARMY IS DESPERATE.  THE "
        "SALVADORAN PEOPLE WILL RESIST.  EL SALVADOR WILL BE FREE.  TWO OF OUR COMRADES WERE KILLED "
        "LAST NIGHT."
    )
    place = locate(geocoder, text, sentence=3)
    assert (place.country, place.location) == ("El Salvador", None)
    # a text that points nowhere in particular codes no country
    vague = "CLANDESTINE, 4 MAR 90 (RADIO VENCEREMOS) -- [TEXT] TWO OF OUR COMRADES WERE KILLED LAST NIGHT."
    assert locate(geocoder, vague, sentence=0).country is None


def test_groups_vote_for_their_home_country_as_the_actor_matcher_reads_them():
    from sitrep.extract.geocode import _home_countries

    # the longest name wins (no Syrian "National Liberation Front" inside the FMLN's full name), and in
    # capitals ordinary words that are also aliases of far-away groups (LET, FACT) vote for nothing
    shouted = "GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT ATTACKED. LET US FACE THE FACT."
    assert _home_countries(shouted) == ["SV"]
    assert _home_countries("The Balochistan Liberation Army said it carried out the attack.") == ["PK"]
    # the tail of a hyphenated party name is not a group of its own: "CPN-Maoists" votes for no India
    assert "IN" not in _home_countries("Police held supporters of the UML and CPN-Maoists on Monday.")
    # a state's forces have no home to vote for: they patrol borders and fight abroad
    assert _home_countries("Border Security Force (BSF) guards shot a cattle trader at the border.") == []
