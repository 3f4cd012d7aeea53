"""Named places that the index knows and the geocoder must not miss or mistake for a namesake (issue 3),
on the embedded index and sentences written for these tests."""

from __future__ import annotations

import pytest

from geocoding import locate
from sitrep.extract.context import ArticleContext
from sitrep.extract.places import find_mentions
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the town comes first; a district named after it qualifies it or is somewhere else
        (
            "Lawyers held a sit-in in Tizi Ouzou (Tizi Ouzou) over the arrest of a teacher from Tigzirt.",
            ("Tizi Ouzou", 1),
        ),
        (
            "Traders clashed with police in Freetown city (Western Area Urban, Western) on Monday.",
            ("Freetown", 1),
        ),
        # a district the index cannot place (no town is filed in it) does not contradict the town
        ("Clerks staged a sit-in in Sanaa (Old City, Amanat al Asimah) on Tuesday.", ("Sanaa", 1)),
    ],
)
def test_a_town_named_first_is_not_dropped_for_the_districts_after_it(geocoder, nlp, text, expected):
    place = locate(geocoder, text, nlp)
    assert (place.location, place.geo_precision) == expected
    assert place.latitude is not None


def test_the_district_in_the_towns_bracket_is_its_admin2(geocoder, nlp):
    place = locate(
        geocoder, "Traders clashed with police in Freetown city (Western Area Urban, Western).", nlp
    )
    assert (place.admin2, place.location) == ("Western Area Urban", "Freetown")
    # a bracketed name that is also a province says the province, not a district of that name
    place = locate(geocoder, "A man was shot in Ciudad del Carmen, Campeche, on Friday.", nlp)
    assert (place.admin1, place.admin2, place.location) == ("Campeche", "Carmen", "Ciudad del Carmen")


def test_a_district_named_before_the_town_of_the_province_name_still_wins(geocoder, nlp):
    # "Kagizman district of Kars", and the same with the province in brackets after the district
    text = "Tribesmen from Al Bayda arrived in Radman Al Awad district (Al Bayda) on Monday."
    place = locate(geocoder, text, nlp)
    assert (place.admin2, place.geo_precision) == ("Radman Al Awad", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Residents rallied outside a hotel in Kilkis to stop buses carrying asylum seekers "
            "from Afghanistan.",
            ("Greece", "Kilkis"),
        ),
        ("Drivers hauling goods from Turkey blocked the port road in Batumi.", ("Georgia", "Batumi")),
    ],
)
def test_a_country_people_or_goods_came_from_is_not_where_the_event_is(geocoder, nlp, text, expected):
    place = locate(geocoder, text, nlp)
    assert (place.country, place.location) == expected


def test_a_place_in_a_country_the_rest_of_the_article_supports_stands(geocoder, nlp):
    # the article names Libya, but another of its places (Crete) is in Greece, as Souda is
    text = "Dozens rallied in Souda against moving refugees rescued from the war in Libya to Crete."
    place = locate(geocoder, text, nlp)
    assert (place.country, place.location) == ("Greece", "Souda")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen shot a shopkeeper in al-Bab on Friday.", ("Syria", "Al Bab")),
        # "Saray" names villages in three other countries: stray words do not outvote the town
        ("A march went from the Martyrs square to the Saray square in el Hermel.", ("Lebanon", "El Hermel")),
    ],
)
def test_a_lower_case_arabic_article_is_part_of_the_name(geocoder, nlp, text, expected):
    place = locate(geocoder, text, nlp)
    assert (place.country, place.location) == expected


def test_an_article_alone_is_no_name(geocoder):
    text = "Gunmen shot a shopkeeper in al-Bab. Police said al was the word."
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    mentions = find_mentions(text, ctx.sentences, geocoder.index, geocoder.not_places)
    assert "al-Bab" in [m.text for m in mentions]
    assert not any(m.text.lower() == "al" for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Fishermen held a protest in Sarande, demanding relief payments.",
        "Students protested in Lutsk against the arrest of an activist.",
        "Relatives of a jailed reporter gathered at the Court of Appeal in Sofia.",
    ],
)
def test_a_town_spacy_calls_an_organisation_is_a_place_after_in(geocoder, nlp, text):
    town = {"Sarande": "Sarande", "Lutsk": "Lutsk", "Sofia": "Sofia"}
    name = next(n for n in town if n in text)
    assert any(e.label_ == "ORG" and name in e.text for e in nlp(text).ents)  # what this test is about
    place = locate(geocoder, text, nlp)
    assert (place.location, place.geo_precision) == (town[name], 1)


def test_an_organisation_named_after_a_province_is_no_place(geocoder, nlp):
    # the militia's name fits the article's geography, but the event is at the village
    text = "Army units fired mortars at positions of the Luhansk People's Militia near Holubivka, Luhansk."
    place = locate(geocoder, text, nlp)
    assert (place.location, place.geo_precision) == ("Holubivka", 2)


def test_where_people_came_from_is_not_where_the_event_is(geocoder, nlp):
    place = locate(geocoder, "A trader from Afrin was abducted by gunmen in Idleb.", nlp)
    assert place.location == "Idlib"


def test_of_a_village_names_namesakes_the_one_by_the_front_line_is_meant(geocoder, nlp):
    # two villages called Vesele lie in Donetsk oblast; the monitors report on the one by the line
    # (near Avdiivka), not the one north of Kramatorsk
    place = locate(geocoder, "The OSCE SMM recorded 12 explosions near Vesele.", nlp)
    assert place.location == "Vesele"
    assert place.latitude == pytest.approx(48.06, abs=0.05)
    # without a front in the text nothing changes: Vesele in Zaporizhzhia is as good as any
    geo_free = locate(geocoder, "Farmers protested near Vesele.", nlp)
    assert geo_free.location == "Vesele"


def test_lga_is_a_district_cue(geocoder, nlp):
    place = locate(geocoder, "Farmers marched to the Biu LGA (Borno) secretariat over cattle theft.", nlp)
    assert (place.admin1, place.admin2, place.geo_precision) == ("Borno", "Biu", 2)


def test_a_town_filed_in_the_next_province_is_still_the_town_the_text_means(geocoder, nlp):
    # the index files Tarmiyah under Baghdad; the text puts it in Saladin, next door: the town is meant,
    # and the province is the one the text states
    place = locate(geocoder, "Gunmen fired on a checkpoint in Tarmiyah, Saladin, Iraq.", nlp)
    assert (place.admin1, place.geo_precision) == ("Salah ad Din", 1)
    assert place.location is not None and "Tarmiyah" in place.location


def test_a_country_after_a_town_is_the_country_not_a_province_of_its_name(geocoder, nlp):
    place = locate(geocoder, "Insurgents attacked an army post in Diffa, Niger.", nlp)
    assert (place.country, place.location) == ("Niger", "Diffa")
    # "Georgia" after a town of the US state is the state
    place = locate(geocoder, "Two men were shot outside a bar in Atlanta, Georgia.", nlp)
    assert (place.country, place.admin1, place.location) == ("United States", "Georgia", "Atlanta")


def test_a_stated_district_next_door_brings_its_province(geocoder, nlp):
    # the index files the town in the neighbouring province; the text states the district and province
    text = "Pensioners blocked a road in Hammanskraal (City of Tshwane, Gauteng) over food parcels."
    place = locate(geocoder, text, nlp)
    assert (place.admin1, place.admin2, place.location, place.geo_precision) == (
        "Gauteng",
        "City of Tshwane",
        "Hammanskraal",
        1,
    )
    # a town inside one sense of the stated name keeps its own areas: the state, not the city next door
    place = locate(geocoder, "A shoot-out was reported in Belford Roxo, Rio de Janeiro, on Friday.", nlp)
    assert (place.admin1, place.admin2, place.location) == ("Rio de Janeiro", "Belford Roxo", "Belford Roxo")


def test_a_spelling_variant_of_a_city_stands_when_nothing_else_points_anywhere(geocoder, nlp):
    place = locate(geocoder, "Nurses in Sulaimaniyah protested over unpaid salaries.", nlp)
    assert (place.country, place.admin1) == ("Iraq", "Sulaymaniyah")


def test_whose_forces_does_not_outvote_where(geocoder, nlp):
    place = locate(geocoder, "Turkish forces closed all of Afrin's entrances after a bombing.", nlp)
    assert (place.country, place.location) == ("Syria", "Aafrine")


def test_a_place_the_text_puts_in_a_city_lies_by_that_city(geocoder, nlp):
    # the only Ermita the index knows as a town is 500 km from Manila
    text = "Worshippers rallied at the Iglesia Filipina Independiente National Cathedral in Ermita, Manila."
    place = locate(geocoder, text, nlp)
    assert (place.location, place.admin1) == ("Manila", "National Capital Region")


def test_a_routes_start_is_no_mere_origin(geocoder, nlp):
    place = locate(
        geocoder, "A convoy of cars set out from Beirut to Tripoli to protest against living costs.", nlp
    )
    assert (place.country, place.location) == ("Lebanon", "Beirut")


def test_an_entity_that_spacy_runs_past_a_comma_does_not_hide_the_town(geocoder, nlp):
    text = "On Sunday, in Baalbek, Military forces removed tents of the protest movement in Lebanon."
    assert any(e.label_ == "ORG" and e.text.startswith("Baalbek,") for e in nlp(text).ents)
    place = locate(geocoder, text, nlp)
    assert place.location == "Baalbek"


def test_a_bracket_after_a_district_names_the_province_a_town_before_it_only_names(geocoder, nlp):
    text = (
        "Hundreds blocked the Khulna-Jessore highway in Jessore Sadar Upazila (Jessore, Khulna) "
        "demanding aid."
    )
    place = locate(geocoder, text, nlp)
    assert (place.admin1, place.location) == ("Khulna", "Jessore")
    place = locate(geocoder, "Workers protested in Kasserine (Ezzouhour, Kasserine) to demand permits.", nlp)
    assert (place.admin2, place.location, place.geo_precision) == ("Ezzouhour", "Kasserine", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the text calls it a city: the town, not the province of its name
        ("In Kingston city, residents of Denham Town attacked police officers after a shooting.", "Kingston"),
        # a town named inside an office's name, and a district of its province: the district is the place
        (
            "Gunmen shot the director of the Taiz transport office at a crossroads in Ash Shamayatayn "
            "district, Taizz, Yemen.",
            "At Turbah",
        ),
    ],
)
def test_a_town_that_names_the_province_of_a_chosen_district(geocoder, nlp, text, expected):
    assert locate(geocoder, text, nlp).location == expected


def test_a_city_next_to_the_stated_province_is_not_the_place_meant(geocoder, nlp):
    # Jos is a city of a million in the next state: "Marraban Jos, Kaduna" is some village in Kaduna
    place = locate(geocoder, "Gunmen attacked Marraban Jos, Kaduna, Nigeria, killing three villagers.", nlp)
    assert (place.admin1, place.geo_precision) == ("Kaduna", 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # where people came from is their place when nothing as specific is named
        ("A group of citizens from Redeyef (Gafsa) protested to demand a testing centre.", "Ar Rudayyif"),
        # a list of provinces: a town named like one of them is not misfiled next door
        (
            "Houthi forces shelled pro-government positions in Al Jawf, Ad Dali and Taizz governorates.",
            "Ad Dali",
        ),
        # a name in a bracket does not stand on its own vote against the article's other countries
        ("Militants robbed passengers between Mentao (Pobe-Mengao, Soum) and a nearby village.", "Djibo"),
        # the town's own bracket is an area the article names that contains it, whatever country
        # the article names elsewhere
        (
            "Around Formosa (Formosa), dockers blocked the route that heads to Pilcomayo, angry with "
            "the Prefecture of Paraguay.",
            "Formosa",
        ),
        # the article names a country (misread), but no area it names contains the far-off namesake
        ("In Salvador, Bahia, a man was shot dead in Periperi neighborhood by a gunman.", "Salvador"),
    ],
)
def test_rules_for_misfiled_towns_and_origins_leave_these_alone(geocoder, nlp, text, expected):
    assert locate(geocoder, text, nlp).location == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a neighbourhood named like a far city is no move to that city
        (
            "In Petrolina, Pernambuco, police dismantled a drug lab in Loteamento Recife neighborhood.",
            "Petrolina",
        ),
        # "das" joins a Portuguese name
        ("In Ribeirao das Neves, Minas Gerais, police dismantled a drug lab.", "Ribeirao das Neves"),
    ],
)
def test_the_town_a_sentence_opens_with_is_not_left_for_a_far_namesake(geocoder, nlp, text, expected):
    assert locate(geocoder, text, nlp).location == expected


def test_a_lower_case_article_inside_a_persons_name_is_no_place(geocoder):
    text = "Gunmen killed the farmer Hasan Jabar al-Abbasi at his home."
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    mentions = find_mentions(text, ctx.sentences, geocoder.index, geocoder.not_places)
    assert "al-Abbasi" not in [m.text for m in mentions]


def test_another_name_of_a_country_after_a_town_may_be_its_territory(geocoder, nlp):
    # "West Bank" is also a name of Palestine in some gold sets; after a town it is the territory
    text = "Soldiers shot an assailant near a base in Ofra, West Bank, West Bank and Gaza Strip."
    place = locate(geocoder, text, nlp)
    assert (place.country, place.admin1) == ("Palestine", "West Bank")


def test_a_village_by_the_front_that_the_index_lacks_gets_no_far_namesake(geocoder, nlp):
    # the index holds no Mineralne by the Donbas line, only a namesake in Zakarpattia, 1,000 km west
    place = locate(geocoder, "On 5 May, the OSCE SMM observed 12 explosions near Mineralne.", nlp)
    assert (place.country, place.location, place.latitude) == ("Ukraine", None, None)
    assert any("not in the gazetteer" in note for note in place.notes)


def test_a_village_by_the_front_that_the_index_holds_is_coded(geocoder, nlp):
    place = locate(geocoder, "On 5 May, the OSCE SMM observed 12 explosions near Avdiivka.", nlp)
    assert (place.admin1, place.location) == ("Donetsk", "Avdiyivka")
