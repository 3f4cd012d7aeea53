"""Ukraine's admin2 as ACLED codes it: pre-2020 raions and cities of oblast significance
(knowledge/legacy_districts.yaml, gazetteer/legacy.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from geocoding import locate
from sitrep.gazetteer.legacy import CITY, RAION, legacy_key, load_legacy


def test_romanisations_of_a_raion_share_one_key():
    keys = {
        legacy_key(n) for n in ("Volnovaskyi raion", "Volnovas'kyi", "Volnovaskiy district", "Volnovasky")
    }
    assert keys == {"volnovasky"}
    assert legacy_key("Stanychno-Luhanskyi rayon") == legacy_key("Stanychno-Luhansky")
    assert legacy_key("Horlivka Municipality") == legacy_key("Horlivka city council") == "horlivka"


def test_every_legacy_centre_is_in_the_gazetteer(geocoder):
    table = load_legacy()
    centres = table.centres(geocoder.index)
    assert [d.name for d in table.districts if d not in centres] == []
    donetsk = [d for d in table.districts if d.oblast == "Donetsk"]
    assert sum(d.kind == RAION for d in donetsk) == 18  # Donetsk oblast had 18 raions before 2020
    # ACLED's city councils are "X Municipality"; the city of Kyiv, a region of its own, is "Kiev"
    assert all(d.name.endswith("Municipality") for d in table.districts if d.kind == CITY and not d.whole)


def test_names_of_one_legacy_district_compare_equal(geocoder):
    from sitrep.gazetteer.areas import AreaMatcher

    same = AreaMatcher(geocoder.index)
    assert same("Volnovaskyi", "Volnovasky", "Ukraine", 2)
    assert same("Horlivka", "Horlivka Municipality", "Ukraine", 2)
    assert same("Artemivskyi", "Bakhmut", "Ukraine", 2)  # the raion's name before 2016
    assert same("Stanychno-Luhanskyy", "Stanychno-Luhansky", "Ukraine", 2)
    assert not same("Volnovasky", "Novoazovsky", "Ukraine", 2)
    assert not load_legacy().named("Volnovasky", "RU")  # the table is Ukraine's only


@pytest.mark.parametrize(
    ("text", "admin2", "precision"),
    [
        # a city of oblast significance is its own district
        (
            "Artillery fire damaged a school in Horlivka, Donetsk oblast, on Monday.",
            "Horlivka Municipality",
            1,
        ),
        # a settlement of a city council belongs to the city
        ("A mortar round hit a house in Holmivskyi, Donetsk oblast, on Monday.", "Horlivka Municipality", 1),
        # a village goes to the raion of the nearest centre in its oblast
        ("Shells fell on the outskirts of Zolote in Luhansk oblast on Tuesday.", "Popasniansky", 2),
        # a district of the text resolves to the legacy raion around its seat
        ("Shelling was reported in Volnovakha district of Donetsk oblast.", "Volnovasky", 2),
        # "X raion" names the raion, even where X is also a city of oblast significance
        ("Shelling was reported in Bakhmut raion of Donetsk oblast.", "Bakhmut", 2),
        ("Shelling was reported in Marinka raion, Donetsk oblast.", "Marynsky", 2),
        # outside Donbas only the oblast centres are listed
        ("Hundreds of shopkeepers protested in Lviv, Ukraine, on Friday.", "Lviv Municipality", 1),
    ],
)
def test_ukrainian_towns_get_acled_legacy_districts(geocoder, nlp, text, admin2, precision):
    place = locate(geocoder, text, nlp)
    assert place.country == "Ukraine"
    assert (place.admin2, place.geo_precision) == (admin2, precision)


def test_other_countries_keep_the_gazetteers_districts(geocoder, nlp):
    place = locate(geocoder, "Police detained a dozen students in Biratnagar on Sunday.", nlp)
    assert place.admin2 == "Koshi"
