"""Article dedup: exact hashes, MinHash near-copies, and the checks that keep templated reports of
different incidents apart."""

from __future__ import annotations

from sitrep.ingest import dedup

STORY = (
    "Gunmen killed five villagers and burned dozens of homes in an attack on the village of Kanduri in "
    "Borno State on Monday, police said. The attackers arrived on motorcycles at dawn and opened fire on "
    "residents, a police spokesman said. Survivors fled to the nearby town of Bama."
)
TEMPLATE = (
    "On 3 May 2026, around 40 market vendors protested in {place}, demanding the reopening of the "
    "covered market and lower stall fees from the municipal council."
)


def test_content_hash_ignores_case_and_whitespace_only():
    assert dedup.content_hash(STORY) == dedup.content_hash("  " + STORY.upper().replace(" ", "\n  "))
    assert dedup.content_hash(STORY) != dedup.content_hash(STORY.replace("five", "six"))


def test_signature_survives_the_database_round_trip():
    signature = dedup.minhash(STORY)
    assert dedup.from_bytes(dedup.to_bytes(signature)).jaccard(signature) == 1.0


def test_too_short_texts_get_no_signature():
    assert dedup.minhash("Five killed in Kanduri.") is None


def test_a_republished_copy_is_found_and_confirmed():
    index = dedup.NearDuplicateIndex()
    index.add("wire", dedup.minhash(STORY))
    copy = (
        "Five killed in Borno village\n(Daily Courier) - "
        + STORY
        + "\nReporting by A. Noor; editing by the desk."
    )
    [(key, similarity)] = index.candidates(dedup.minhash(copy))
    assert key == "wire" and similarity >= dedup.THRESHOLD
    assert dedup.is_copy(copy, STORY, ("Daily Courier", "Wire Agency"))


def test_a_copy_with_its_last_sentence_cut_is_a_copy():
    cut = STORY.rsplit(" Survivors", 1)[0]
    assert dedup.is_copy(cut, STORY)


def test_different_credit_lines_do_not_make_copies_different():
    a = STORY + "\nReporting by A. Noor; editing by the Daily Courier desk."
    b = STORY + "\nReporting by K. Mensah; editing by the Valley Times desk."
    assert dedup.is_copy(a, b, ("Daily Courier", "Valley Times"))


def test_an_updated_toll_is_not_a_copy():
    assert not dedup.is_copy(
        STORY.replace("killed five", "killed 5"), STORY.replace("killed five", "killed 7")
    )


def test_a_templated_report_of_another_place_is_not_a_copy():
    nis, novi_sad = TEMPLATE.format(place="Nis"), TEMPLATE.format(place="Novi Sad")
    index = dedup.NearDuplicateIndex()
    index.add("nis", dedup.minhash(nis))
    assert index.candidates(dedup.minhash(novi_sad))  # the words alone would call it a copy
    assert not dedup.is_copy(novi_sad, nis)


def test_a_first_sentence_that_differs_before_the_shared_place_is_not_a_copy():
    tail = " in Riyadh, Kirkuk. At least one officer was killed and two were injured in the two attacks."
    a = "06/27/2026: Assailants opened fire on a Federal Police checkpoint" + tail
    b = "06/27/2026: An explosive device detonated near security forces responding to the first attack" + tail
    assert not dedup.is_copy(a, b)


def test_a_different_headline_and_byline_keep_a_copy():
    a = "Five killed in Kanduri\nBy staff reporter\n" + STORY
    b = "Gunmen kill five in Borno\n" + STORY
    assert dedup.is_copy(a, b)
