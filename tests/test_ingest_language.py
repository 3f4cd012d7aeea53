"""Language identification: offline, English kept for extraction, other languages marked unsupported."""

from __future__ import annotations

import pytest

from sitrep.ingest.language import detect_language, function_word_rule


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Gunmen killed three villagers in the north of the country on Monday, police said.", "en"),
        ("GUNMEN KILLED THREE VILLAGERS IN THE NORTH OF THE COUNTRY ON MONDAY, POLICE SAID.", "en"),
        ("Des hommes armés ont tué trois villageois lundi dans le nord du pays, selon la police.", "fr"),
        ("Hombres armados mataron a tres aldeanos el lunes en el norte del país, dijo la policía.", "es"),
        (
            "Bewaffnete töteten am Montag drei Dorfbewohner im Norden des Landes, teilte die Polizei mit.",
            "de",
        ),
    ],
)
def test_languages_are_told_apart(text, code):
    assert detect_language(text).code == code
    assert detect_language(text).supported is (code == "en")


def test_english_full_of_spanish_names_stays_english():
    text = (
        "On 4 May 2026, in San Juan de Lurigancho, Ciudad de Lima, a group of vendors from the Mercado "
        "de Santa Anita protested in front of the Municipalidad de Lima, demanding that the market "
        "be reopened, and they were dispersed by the police."
    )
    assert detect_language(text).code == "en"


def test_function_words_alone_never_make_a_foreign_text_english():
    rule = function_word_rule()
    french = "Les manifestants ont bloqué la route de Kaya et la police a dispersé la foule avec des gaz."
    assert rule.english_share(french) < rule.min_share


def test_text_without_letters_is_undecided_and_still_extracted():
    language = detect_language("12 345 - 2026-03-01")
    assert language.code is None and language.supported


def test_the_lite_model_is_bundled_and_loads_without_network():
    import subprocess
    import sys

    # No network namespace: if the model had to be downloaded, this would fail.
    code = (
        "from sitrep.ingest.language import detect_language as d\n"
        "print(d('The army said ten were killed.').code)"
    )
    try:
        done = subprocess.run(
            ["unshare", "-rn", sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
    except FileNotFoundError:
        pytest.skip("unshare is not installed")
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"cannot drop the network here: {done.stderr.strip()}")
    assert done.stdout.strip() == "en", done.stderr
