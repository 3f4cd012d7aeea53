"""The gazetteer: name folding, and `gazetteer import` on a small GeoNames dump the test writes itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from geonames_dump import TOWNS, write_dump
from sitrep.gazetteer.geonames import GeoNamesError, import_dump
from sitrep.gazetteer.names import display_name, fold, skeleton, strip_admin_suffix
from sitrep.gazetteer.store import ADMIN1, ADMIN2, TOWN, Index


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Index:
    folder = write_dump(tmp_path_factory.mktemp("geonames"))
    target = folder / "index.sqlite"
    report = import_dump(folder, target)
    assert report.towns == len(TOWNS)
    return Index(target)


def test_fold_meets_accents_case_and_punctuation():
    assert fold("Sīstān va Balūchestān") == fold("SISTAN VA BALUCHESTAN") == "sistan va baluchestan"
    assert fold("D.I. Khan") == fold("D. I. Khan") == "d i khan"
    assert fold("Aydın") == "aydin"
    assert fold("Bandar-e ‘Abbās") == "bandar e abbas"


def test_admin_display_names_drop_the_kind_and_the_local_form():
    assert strip_admin_suffix("Bannu District") == "Bannu"
    assert strip_admin_suffix("Free State") == "Free State"
    assert strip_admin_suffix("Circunscricao de Palma") == "Palma"
    # legal forms before or after the name, several kind words in a row; "Kota Bharu" is a name
    assert strip_admin_suffix("Partido de La Plata") == "La Plata"
    assert strip_admin_suffix("Bashkia Tirane") == "Tirane"
    assert strip_admin_suffix("Commune of Makamba") == "Makamba"
    assert strip_admin_suffix("Ansongo Cercle") == "Ansongo"
    assert strip_admin_suffix("iLembe District Municipality") == "iLembe"
    assert strip_admin_suffix("Nelson Mandela Bay Metropolitan Municipality") == "Nelson Mandela Bay"
    assert strip_admin_suffix("Kota Bharu") == "Kota Bharu"
    assert strip_admin_suffix("Commune") == "Commune"
    assert display_name("Attikí", ["Attica", "Αττική"]) == "Attica"
    assert display_name("Luhanska oblast", ["Luganskaya Oblast’", "Luhansk", "Luhansk Oblast"]) == "Luhansk"
    assert display_name("Aydın", []) == "Aydin"
    assert display_name("Jubbada Hoose", ["Gobolka Jubbada Hoose", "Jubbada Hoose Region", "Lower Juba"]) == (
        "Lower Juba"
    )
    assert display_name("North Kivu", ["Nord-Kivu", "Lower Kivu"]) == "North Kivu"


def test_town_names_keep_their_own_spelling_without_accents():
    assert display_name("León de los Aldama", ["BJX", "Leon", "León"], admin=False) == "Leon de los Aldama"
    assert display_name("Zāhedān", ["ZAH", "Zahedan"], admin=False) == "Zahedan"


def test_skeletons_meet_transliteration_variants_only():
    assert skeleton(fold("Qalqiliyah")) == skeleton(fold("Qalqilyah")) != ""
    assert skeleton(fold("Bobruysk")) == skeleton(fold("Babruysk")) != ""
    assert skeleton(fold("Zinjibar")) == skeleton(fold("Az Zanjabar"))
    assert skeleton(fold("Peshawar")) != skeleton(fold("Bahawalpur"))
    assert skeleton("abc") == ""  # too short to compare safely


def test_import_builds_the_admin_chain(small_index: Index):
    hits = small_index.lookup(["quetta"])["quetta"]
    town = next(h.entry for h in hits if h.entry.level == TOWN)
    assert small_index.entry(town.admin1).name == "Balochistan"
    assert small_index.entry(town.admin2).name == "Quetta"
    district = next(h.entry for h in hits if h.entry.level == ADMIN2)
    assert district.admin1 == town.admin1


def test_admin_areas_get_centroid_and_seat(small_index: Index):
    (hit,) = small_index.lookup(["balochistan"])["balochistan"]
    area = hit.entry
    assert area.level == ADMIN1
    # centroid of Quetta, Quetta Cantonment, Turbat and Gwadar; the seat is the largest
    assert area.lat == pytest.approx((30.18414 + 30.21 + 26.00122 + 25.12163) / 4)
    assert small_index.entry(area.seat).name == "Quetta"


def test_a_town_without_a_district_gets_the_nearest_one_in_its_province(small_index: Index):
    (cantonment,) = small_index.lookup(["quetta cantonment"])["quetta cantonment"]
    assert small_index.entry(cantonment.entry.admin2).name == "Quetta"  # 4 km from Quetta's towns
    (turbat,) = small_index.lookup(["turbat"])["turbat"]
    assert turbat.entry.admin2 is None  # 600 km from any district of its province: unknown


def test_a_town_without_a_district_gets_the_district_of_its_name_even_one_without_towns(small_index):
    (gwadar,) = [h for h in small_index.lookup(["gwadar"])["gwadar"] if h.entry.level == TOWN]
    district = small_index.entry(gwadar.entry.admin2)
    assert district is not None and district.name == "Gwadar"  # no town of the index lies in it
    assert small_index.entry(district.admin1).name == "Balochistan"


def test_a_province_capital_without_a_district_gets_the_district_named_after_its_province(small_index):
    (halba,) = small_index.lookup(["halba"])["halba"]
    assert small_index.entry(halba.entry.admin2).name == "Akkar"
    # only the province's seat: Turbat is not Balochistan's, and no district is near it
    (turbat,) = small_index.lookup(["turbat"])["turbat"]
    assert turbat.entry.admin2 is None


def test_a_district_without_towns_of_its_own_is_placed_at_the_town_of_its_name(small_index):
    # no town of the dump lies in Ouallam department; the town called Ouallam (an alternate name) is its
    # seat, so a village 22 km from it is placed in it, and the department gets a point from them
    (simiri,) = small_index.lookup(["simiri"])["simiri"]
    department = small_index.entry(simiri.entry.admin2)
    assert department is not None and department.name == "Ouallam"
    assert small_index.entry(department.seat).name == "Ouallam Town"
    assert department.lat == pytest.approx((14.31831 + 14.1333) / 2)
    # the legal form is not printed, and the bare name finds the area
    (ayorou,) = small_index.lookup(["ayorou"])["ayorou"]
    assert ayorou.entry.name == "Ayorou" and ayorou.entry.level == ADMIN2


def test_an_area_is_seated_in_the_town_of_its_name_rather_than_its_largest(small_index):
    region = next(h.entry for h in small_index.lookup(["tillaberi"])["tillaberi"] if h.entry.level == ADMIN1)
    assert small_index.entry(region.seat).name == "Tillaberi"  # Tera is larger
    # no town bears Balochistan's name: its largest town is its seat
    (balochistan,) = small_index.lookup(["balochistan"])["balochistan"]
    assert small_index.entry(balochistan.entry.seat).name == "Quetta"


def test_alternate_names_are_indexed_in_latin_script_only(small_index: Index):
    found = small_index.lookup(["kech turbat", "d i khan", "quettaville", "kveta"])
    assert found["kech turbat"][0].entry.name == "Turbat"
    assert found["d i khan"][0].entry.name == "Dera Ismail Khan"
    assert "quettaville" not in found  # French alternates are not English news names
    assert found["kveta"][0].entry.name == "Quetta"  # the main table's own alternatenames column


def test_transliterated_admin_names_are_printed_plainly(small_index: Index):
    (hit,) = small_index.lookup(["sistan va baluchestan"])["sistan va baluchestan"]
    assert hit.entry.name == "Sistan va Baluchestan"


def test_common_words_are_not_indexed(small_index: Index):
    assert small_index.lookup(["police"]) == {}


def test_malformed_lines_are_skipped_and_reported(tmp_path: Path):
    folder = write_dump(tmp_path / "dump")
    report = import_dump(folder / "cities500.txt", tmp_path / "out.sqlite")
    assert len(report.skipped) == 2
    assert any("too few" in s or "columns" in s for s in report.skipped)


def test_import_of_a_folder_without_a_main_table_fails_clearly(tmp_path: Path):
    with pytest.raises(GeoNamesError, match="allCountries"):
        import_dump(tmp_path, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_cli_import_writes_the_index(tmp_path: Path):
    from sitrep.cli import app

    folder = write_dump(tmp_path / "dump", malformed=False)
    target = tmp_path / "cli.sqlite"
    result = CliRunner().invoke(app, ["gazetteer", "import", str(folder), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert Index(target).stats()["towns"] == len(TOWNS)
    bad = CliRunner().invoke(app, ["gazetteer", "import", str(tmp_path / "missing"), "--output", str(target)])
    assert bad.exit_code == 2


def test_area_matcher_resolves_spellings_to_one_area_inside_the_country(small_index):
    from sitrep.gazetteer.areas import AreaMatcher

    same = AreaMatcher(small_index)
    assert same("KPK", "Khyber Pakhtunkhwa", "Pakistan", ADMIN1)  # curated abbreviation
    # our output's display name of an area, though a common word that the index keys no name under
    assert same("West Region", "West", "Cameroon", ADMIN1)
    assert not same("Littoral", "West", "Cameroon", ADMIN1)
    assert same("Baluchistan", "Balochistan", "PAK", ADMIN1)  # transliteration (consonant skeleton)
    assert same("Sistan-Baluchestan", "Sistan va Baluchestan", "IR", ADMIN1)
    assert same("Telengana", "Telangana", "India", ADMIN1)
    assert same("Sind", "Sindh", "Pakistan", ADMIN1)  # a close spelling the gazetteer lacks
    assert not same("Balochistan", "Sindh", "Pakistan", ADMIN1)  # two real, different provinces
    assert not same("KPK", "Khyber Pakhtunkhwa", "India", ADMIN1)  # not an area of that country
    assert not same("Quetta", "Quetta District", "Pakistan", ADMIN1)  # a district, not a province
    assert same("Quetta", "Quetta District", "Pakistan", ADMIN2)
    assert not same("Punjab", "Sindh", "Pakistan", ADMIN1)
    assert not same("Sindh", "Sindh", "Atlantis", ADMIN1)  # unknown country: no opinion


_WORDY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzāīūßİıłØæ’'‘ .,-()—½ﬁ0123456789"


@given(st.text(alphabet=_WORDY, max_size=40))
def test_folding_a_text_once_gives_the_fold_of_every_slice(text):
    from sitrep.gazetteer.names import FoldedText

    folded = FoldedText(text)
    for i in range(len(text)):
        for j in range(i + 1, len(text) + 1):
            if text[i].isalnum() and text[j - 1].isalnum():
                assert folded.key(i, j) == fold(text[i:j]), (text, i, j)


def test_folded_text_on_all_capitals_wire_copy():
    from sitrep.gazetteer.names import FoldedText

    text = "SAN SALVADOR, 3 JAN 90 -- SOLDIERS CLASHED NEAR SAN MIGUEL"
    folded = FoldedText(text)
    assert folded.key(0, 12) == "san salvador"
    assert folded.key(text.index("SAN MIGUEL"), len(text)) == "san miguel"
