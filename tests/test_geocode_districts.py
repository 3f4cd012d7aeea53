"""ACLED's admin2 where the gazetteer's district is missing or is not the one ACLED codes (issue 3), on
the embedded index and sentences written for these tests."""

from __future__ import annotations

import pytest

from geocoding import locate
from sitrep.gazetteer.areas import AreaMatcher
from sitrep.gazetteer.legacy import load_legacy
from sitrep.gazetteer.names import strip_admin_suffix
from sitrep.gazetteer.store import COUNTRY


@pytest.mark.parametrize(
    ("text", "country", "admin2"),
    [
        # a province without districts: its own name (Beirut governorate, a Libyan district)
        ("Dozens of students marched to the parliament in Beirut on Sunday.", "Lebanon", "Beirut"),
        (
            "A militia convoy was shelled on the coast road near Tobruk, Libya, on Monday.",
            "Libya",
            "Al Butnan",
        ),
        # ... or the city's, where the province is named after it
        ("Teachers protested outside the ministry in Lima, Peru, on Friday.", "Peru", "Lima"),
        # a province's capital that GeoNames leaves without a district is a district of its own
        ("Traders closed their shops in central Tbilisi on Tuesday.", "Georgia", "Tbilisi"),
        # a province named alone is coded to its capital, and takes the capital's district
        ("Airstrikes hit several villages in Idlib province on Thursday.", "Syria", "Idlib"),
        # Turkey: a province's capital is coded under the province's name, not its central district
        ("Police detained ten people in Diyarbakir, Turkey, on Monday.", "Turkey", "Diyarbakir"),
        # Argentina: a "Capital" department is shown under its province's name
        ("Farmers blocked a road in Santa Rosa, La Pampa, on Wednesday.", "Argentina", "La Pampa"),
        # Kyiv city is one district for ACLED, whatever its quarter
        ("Veterans rallied outside the parliament in Kyiv, Ukraine, on Friday.", "Ukraine", "Kiev"),
        # a Ukrainian oblast alone is coded to its capital, and to the capital's city council
        ("Shelling was reported across Donetsk oblast on Sunday.", "Ukraine", "Donetsk Municipality"),
        # a coastal village moved to Volnovakha raion in 2014, though nearer Novoazovsk
        ("Mortar fire hit houses in Shyrokyne, Donetsk oblast, on Monday.", "Ukraine", "Volnovasky"),
        # a mine settlement of Donetsk city council, though nearer Marinka, is the city's
        ("Shells hit a mine in Trudivskyi, Donetsk oblast, on Monday.", "Ukraine", "Donetsk Municipality"),
        # ... and a village on the Donets moved from Slovianoserbsk to Novoaidar raion
        ("A sniper wounded a soldier near Krymske, Luhansk oblast, on Monday.", "Ukraine", "Novoaidarsky"),
    ],
)
def test_acled_districts(geocoder, nlp, text, country, admin2):
    place = locate(geocoder, text, nlp)
    assert (place.country, place.admin2) == (country, admin2)


def test_a_town_with_a_district_keeps_it(geocoder, nlp):
    # a town that is not its province's capital keeps GeoNames' district
    place = locate(geocoder, "Police detained ten people in Bismil, Diyarbakir province, Turkey.", nlp)
    assert (place.admin1, place.admin2) == ("Diyarbakir", "Bismil")


def test_legal_forms_before_and_after_a_district_name_are_not_its_name():
    assert strip_admin_suffix("Nefat Tel Aviv") == "Tel Aviv"
    assert strip_admin_suffix("Mudiriyat Kassala") == "Kassala"
    assert strip_admin_suffix("Nomos Larisis") == "Larisis"
    assert strip_admin_suffix("Kyzylorda Gorodskaya Administratsiya") == "Kyzylorda"


def test_a_city_district_that_geonames_names_by_its_legal_form_holds_its_city(geocoder, nlp):
    place = locate(geocoder, "Hundreds of people protested in Tel Aviv, Israel, on Saturday.", nlp)
    assert place.admin2 == "Tel Aviv"


def test_regions_above_the_provinces_are_not_countries(geocoder):
    # Iceland's "South", Malawi's "Central": regions that group provinces are not stored as countries
    rows = geocoder.index.db.execute(
        "SELECT p.name FROM place p JOIN country c ON c.iso2 = p.country "
        "WHERE p.level = ? AND p.name != c.name",
        (COUNTRY,),
    ).fetchall()
    assert rows == []


def test_english_names_of_city_districts_match_geonames_names(geocoder):
    same = AreaMatcher(geocoder.index)
    assert same("Jerusalem", "Yerushalayim", "Israel", 2)
    assert same("Haifa", "Hefa", "Israel", 2)
    assert same("Mogilev", "Mahilyow", "Belarus", 2)
    assert not same("Haifa", "Yerushalayim", "Israel", 2)


def test_a_province_that_acled_repeats_as_its_district_matches_across_spellings(geocoder):
    same = AreaMatcher(geocoder.index)
    assert same("Idleb", "Idlib", "Syria", 1)
    # no district bears either name; both are the province
    assert same("Idleb", "Idlib", "Syria", 2)
    assert not same("Hama", "Idlib", "Syria", 2)


def test_kyiv_city_is_one_legacy_district(geocoder):
    table = load_legacy()
    kiev = next(d for d in table.districts if d.name == "Kiev")
    assert kiev.whole
    assert table.centres(geocoder.index)[kiev].name == "Kyiv"
