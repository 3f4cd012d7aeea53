"""Classification into ACLED's 25 sub-event types, the hierarchy rules, and non-conflict rejection.

Every sentence here was written for these tests. They run the real trigger lexicon, aggregates,
segmenter and classifier on an article context (no spaCy: classification reads the text only).
"""

from __future__ import annotations

import pytest

from sitrep.extract import aggregates, classify, segment
from sitrep.extract.classify import SUB_EVENT_TYPES, Classification, disorder_type
from sitrep.extract.context import ArticleContext
from sitrep.extract.sentences import split_sentences
from sitrep.extract.triggers import TriggerLexicon
from sitrep.records import Article

LEXICON = TriggerLexicon()


def read(text: str) -> list[Classification]:
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    found, only = aggregates.find_aggregates(ctx)
    frames = segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences), skip=only)
    kinds = [classify.classify(ctx, frame) for frame in frames]
    return [k for k in kinds if k.event_type is not None]


def only(text: str) -> Classification:
    kinds = read(text)
    assert len(kinds) == 1, [k.sub_event_type for k in kinds]
    return kinds[0]


SENTENCES = {
    "Government regains territory": (
        "On 3 March 2023, the national army recaptured the town of Dabor from the rebels after two "
        "days of fighting."
    ),
    "Non-state actor overtakes territory": (
        "On 4 March 2023, insurgents of the Northern Front overran the district headquarters of Kelat"
        " and took control of the town."
    ),
    "Armed clash": (
        "On 5 March 2023, soldiers clashed with fighters of the Liberation Front near the village of "
        "Amu, leaving four combatants dead."
    ),
    "Excessive force against protesters": (
        "On 6 March 2023, police opened fire on students who were protesting fuel prices in Tarin, "
        "and two students were killed."
    ),
    "Protest with intervention": (
        "On 7 March 2023, teachers demonstrated outside the ministry in Vela to demand unpaid wages; "
        "police dispersed them with tear gas."
    ),
    "Peaceful protest": (
        "On 8 March 2023, about 300 nurses held a peaceful rally in front of the city hall of Orsk, "
        "calling for better pay."
    ),
    "Violent demonstration": (
        "On 9 March 2023, demonstrators denouncing the election result threw stones at shops and "
        "burned tyres on the main road of Nema."
    ),
    "Mob violence": (
        "On 10 March 2023, an angry mob lynched a man accused of stealing a goat in the village of Koro."
    ),
    "Chemical weapon": (
        "On 11 March 2023, government forces carried out a chemical attack with chlorine gas on the "
        "rebel-held suburb of Harra."
    ),
    "Air/drone strike": (
        "On 12 March 2023, a drone strike hit a vehicle carrying militants near Sabha, killing three of them."
    ),
    "Suicide bomb": (
        "On 13 March 2023, a suicide bomber blew himself up at a checkpoint at the entrance of Gava, "
        "killing two police officers."
    ),
    "Shelling/artillery/missile attack": (
        "On 14 March 2023, rebel forces shelled the positions of the army near Lisna with 120mm mortars."
    ),
    "Remote explosive/landmine/IED": (
        "On 15 March 2023, a roadside bomb struck a military truck near Awdal, wounding five soldiers."
    ),
    "Grenade": (
        "On 16 March 2023, unknown assailants threw a hand grenade into a bar in Kesi, injuring six "
        "customers."
    ),
    "Sexual violence": (
        "On 17 March 2023, militiamen raped two women who were collecting firewood outside the camp of Mera."
    ),
    "Attack": ("On 18 March 2023, gunmen shot dead a village chief and his son in their home in Tula."),
    "Abduction/forced disappearance": (
        "On 19 March 2023, armed men abducted a priest from his parish in Okpo; his whereabouts are unknown."
    ),
    "Agreement": ("On 20 March 2023, the government and the Southern Movement signed a ceasefire in Rasa."),
    "Arrests": ("On 21 March 2023, police arrested the opposition leader Anna Vell at her home in Durn."),
    "Change to group/activity": (
        "On 22 March 2023, the army deployed additional troops and armoured vehicles to the border "
        "town of Pesh."
    ),
    "Disrupted weapons use": (
        "On 23 March 2023, soldiers found and defused an improvised explosive device planted on the "
        "road to Bako."
    ),
    "Headquarters or base established": (
        "On 24 March 2023, the militia established a base in the abandoned school of Ivo."
    ),
    "Looting/property destruction": (
        "On 25 March 2023, militiamen looted shops and set fire to twelve houses in the village of Dar."
    ),
    "Non-violent transfer of territory": (
        "On 26 March 2023, the rebels withdrew and handed over control of the town of Ruso to local elders."
    ),
    "Other": (
        "On 27 March 2023, investigators exhumed a mass grave with 14 bodies near the village of Sefa."
    ),
}


def test_the_table_covers_all_25_sub_event_types() -> None:
    assert set(SENTENCES) == set(SUB_EVENT_TYPES)
    assert len(SUB_EVENT_TYPES) == 25


@pytest.mark.parametrize("sub_event_type", sorted(SENTENCES))
def test_each_sub_event_type(sub_event_type: str) -> None:
    kind = only(SENTENCES[sub_event_type])
    assert kind.sub_event_type == sub_event_type
    assert kind.event_type == SUB_EVENT_TYPES[sub_event_type]
    assert kind.disorder_type == disorder_type(kind.event_type, kind.sub_event_type)
    assert 0.0 < kind.confidence <= 1.0
    spans = kind.evidence["sub_event_type"]
    assert spans and all(SENTENCES[sub_event_type][s.start : s.end] == s.text for s in spans)


def test_disorder_types() -> None:
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert (
        disorder_type("Protests", "Excessive force against protesters")
        == "Political violence; Demonstrations"
    )
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert disorder_type("Battles", "Armed clash") == "Political violence"


# -- hierarchy rules -------------------------------------------------------------------------------
def test_svbied_rammed_into_a_wall_is_a_suicide_bomb() -> None:
    kind = only(
        "On 2 April 2023, attackers smashed a car loaded with explosives into the wall of an army post "
        "in Derra, killing nine soldiers."
    )
    assert kind.sub_event_type == "Suicide bomb"


def test_a_parked_car_bomb_is_a_remote_explosive() -> None:
    kind = only("On 2 April 2023, a car bomb exploded near a market in Derra, killing nine people.")
    assert kind.sub_event_type == "Remote explosive/landmine/IED"
    assert kind.civilian_targeting == "Civilians targeted"


def test_exchange_of_long_range_fire_is_an_armed_clash() -> None:
    kind = only("On 3 April 2023, the two armies exchanged artillery fire across the border near Kuvo.")
    assert kind.sub_event_type == "Armed clash"


def test_artillery_during_a_battle_stays_one_battle() -> None:
    kind = only(
        "On 4 April 2023, heavy clashes broke out between the army and rebels in Sor, with both sides "
        "using mortars and artillery."
    )
    assert kind.sub_event_type == "Armed clash"


def test_abduction_with_a_killing_becomes_attack() -> None:
    kind = only("On 5 April 2023, gunmen kidnapped three farmers near Zaki and killed one of them.")
    assert kind.sub_event_type == "Attack"
    assert kind.civilians_targeted


def test_abduction_without_harm_stays_abduction() -> None:
    assert (
        only("On 5 April 2023, gunmen kidnapped three farmers near Zaki.").sub_event_type
        == "Abduction/forced disappearance"
    )


def test_violence_against_civilians_marks_civilians_as_target() -> None:
    kind = only("On 6 April 2023, soldiers shot and killed two unarmed villagers in Bara.")
    assert kind.event_type == "Violence against civilians"
    assert kind.civilian_targeting == "Civilians targeted"
    assert kind.civilians_targeted


def test_killing_soldiers_is_a_battle_not_violence_against_civilians() -> None:
    kind = only("On 7 April 2023, militants attacked an army patrol near Goma Hill and killed four soldiers.")
    assert kind.event_type == "Battles"
    assert kind.civilian_targeting is None


def test_killing_in_the_protest_cause_is_not_excessive_force() -> None:
    kind = only(
        "On 8 April 2023, residents protested peacefully in Lira against the killing of a trader last week."
    )
    assert kind.sub_event_type == "Peaceful protest"


def test_air_strike_outranks_the_clash_it_supports() -> None:
    kind = only(
        "On 9 April 2023, fighter jets carried out airstrikes on rebel positions near Tobo during clashes."
    )
    assert kind.sub_event_type == "Air/drone strike"


def test_defused_bomb_is_disrupted_weapons_use() -> None:
    kind = only("On 10 April 2023, police defused a bomb planted under a bridge in Soli.")
    assert kind.sub_event_type == "Disrupted weapons use"


# -- non-conflict news ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "On 1 May 2023, floods killed 14 people in the lowlands of Tarra after days of heavy rain.",
        "On 2 May 2023, a bus collided with a truck near Ozu, and nine passengers died.",
        "On 3 May 2023, an earthquake destroyed hundreds of homes in the hills of Mavi.",
        "On 4 May 2023, robbers shot a shopkeeper during a robbery in the market of Fen.",
        "The country's football team fought hard but lost the final on Sunday.",
    ],
)
def test_non_conflict_news_makes_no_event(text: str) -> None:
    assert read(text) == []


def test_a_learned_model_may_overrule_the_rules_when_surer() -> None:
    class Always:
        def predict(self, text: str) -> tuple[str, float]:
            return "Mob violence", 0.99

    text = "On 11 April 2023, clashes broke out between two groups in Tamu."
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    frames = segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences))
    assert classify.classify(ctx, frames[0]).sub_event_type == "Armed clash"
    ctx.facts["sub_event_model"] = Always()
    kind = classify.classify(ctx, frames[0])
    assert (kind.event_type, kind.sub_event_type, kind.rule) == ("Riots", "Mob violence", "model")


# -- the learned classifier (`sitrep train`) -------------------------------------------------------
def _labelled_rows() -> list[dict]:
    protests = [
        f"On {d} May 2023, {who} protested in {town} against rising rents."
        for d, who, town in zip(
            range(1, 11),
            ["nurses", "students", "tenants", "drivers", "teachers"] * 2,
            ["Ora", "Bel", "Cam", "Dun", "Eri", "Fal", "Gir", "Hov", "Ilo", "Jas"],
            strict=True,
        )
    ]
    shelling = [
        f"On {d} May 2023, forces shelled the village of {town} with mortars and artillery."
        for d, town in zip(
            range(1, 11), ["Kop", "Lum", "Mav", "Nir", "Osk", "Pel", "Qua", "Ras", "Sol", "Tev"], strict=True
        )
    ]
    rows = [
        {"id": f"p{i}", "text": t, "gold": {"sub_event_type": "Peaceful protest"}}
        for i, t in enumerate(protests)
    ]
    rows += [
        {"id": f"s{i}", "text": t, "gold": {"sub_event_type": "Shelling/artillery/missile attack"}}
        for i, t in enumerate(shelling)
    ]
    return rows


def test_fit_predict_save_and_load(tmp_path) -> None:
    from sitrep.extract import subevent_model

    rows = _labelled_rows()
    model = subevent_model.fit([r["text"] for r in rows], [r["gold"]["sub_event_type"] for r in rows])
    label, probability = model.predict("Hundreds of workers protested in the capital against rents.")
    assert label == "Peaceful protest" and 0.5 < probability <= 1.0
    path = tmp_path / "m.json"
    model.save(path)
    again = subevent_model.SubEventModel.load(path)
    assert again.predict("Artillery and mortars shelled the town.")[0] == "Shelling/artillery/missile attack"


def test_sitrep_train_skips_bad_rows_and_saves_where_asked(tmp_path, monkeypatch) -> None:
    import json

    from typer.testing import CliRunner

    from sitrep.cli import app
    from sitrep.extract import subevent_model

    labelled = tmp_path / "labelled.jsonl"
    lines = [json.dumps(r) for r in _labelled_rows()]
    lines += [
        "{not json",
        json.dumps({"text": "no label here"}),
        json.dumps({"gold": {"sub_event_type": "Grenade"}}),
    ]
    labelled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("SITREP_SUB_EVENT_MODEL", str(tmp_path / "default.json"))
    result = CliRunner().invoke(app, ["train", str(labelled)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "default.json").is_file()
    assert subevent_model.load_default() is not None
    assert "skipped" in result.output


def test_a_broken_model_file_falls_back_to_the_rules(tmp_path, monkeypatch) -> None:
    from sitrep.extract import subevent_model

    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("SITREP_SUB_EVENT_MODEL", str(broken))
    assert subevent_model.load_default() is None
    monkeypatch.setenv("SITREP_SUB_EVENT_MODEL", str(tmp_path / "absent.json"))
    assert subevent_model.load_default() is None


def test_an_off_duty_officer_is_a_civilian() -> None:
    kind = only("On 4 June 2023, gunmen shot dead an off-duty police officer at his home in Lago.")
    assert kind.event_type == "Violence against civilians"


def test_killing_between_gangs_is_a_clash() -> None:
    kind = only(
        "On 5 June 2023, a man was shot dead in the Pora neighbourhood of Dalo. The victim was an alleged "
        "gang member with charges against him for drug trafficking."
    )
    assert kind.sub_event_type == "Armed clash"


def test_a_labour_strike_is_a_protest_not_an_air_strike() -> None:
    kind = only(
        "On 6 June 2023, more than 300 dock workers continued their strike over unpaid wages in Sava."
    )
    assert kind.sub_event_type == "Peaceful protest"


def test_armed_youths_of_a_community_fight_an_armed_clash() -> None:
    # Armed men fighting for their community are its militia, whatever their weapons.
    kind = only("On 7 June 2023, armed youths from Tembo clashed with villagers of Kivu, using machetes.")
    assert kind.sub_event_type == "Armed clash"


def test_crowd_fighting_with_machetes_is_mob_violence() -> None:
    kind = only("On 7 June 2023, youths from two villages clashed with machetes and sticks near Tembo.")
    assert kind.sub_event_type == "Mob violence"


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of nurses marched through Oda on Monday to demand unpaid wages. No arrests were reported.",
        "Hundreds of nurses marched through Oda on Monday. No one was detained and police did not intervene.",
        "Hundreds of nurses marched through Oda on Monday and handed in a petition before dispersing.",
        "Hundreds of nurses marched through Oda on Monday; the march dispersed peacefully without incident.",
        "Hundreds of nurses marched through Oda on Monday. Police did not use tear gas.",
    ],
)
def test_denied_or_self_chosen_endings_are_no_intervention(text: str) -> None:
    assert only(text).sub_event_type == "Peaceful protest"


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of nurses marched through Oda on Monday. Police dispersed the crowd with tear gas.",
        "Hundreds of nurses marched through Oda on Monday before they were dispersed by police.",
        "Hundreds of nurses marched through Oda on Monday and police arrested six of them.",
    ],
)
def test_force_used_on_a_protest_is_intervention(text: str) -> None:
    assert only(text).sub_event_type == "Protest with intervention"


@pytest.mark.parametrize(
    "text",
    [
        # The detention is what the protest is about: a relative clause, an old or a house arrest.
        "On 9 June 2023, teachers rallied in Kemo to demand the release of two colleagues who were detained "
        "during a strike.",
        "On 9 June 2023, teachers rallied in Kemo to demand freedom for a leader arrested three years ago.",
        "On 9 June 2023, teachers rallied in Kemo for a leader, who has been under house arrest since March.",
        # Reopening is something protesters ask for, not force used on them.
        "On 9 June 2023, bar owners marched in Kemo demanding that the city let them reopen their premises.",
    ],
)
def test_arrests_in_the_protest_cause_are_no_intervention(text: str) -> None:
    assert only(text).sub_event_type == "Peaceful protest"


@pytest.mark.parametrize(
    "text",
    [
        # The crowd's own violence, after what it protested against.
        "On 10 June 2023, traders demonstrating against the market closure vandalized a police post in Rala.",
        "On 10 June 2023, residents blocked the road in Rala with burning objects to protest power cuts.",
        "On 10 June 2023, miners were hurt in a clash with police during their protest over pay in Rala.",
    ],
)
def test_a_protest_turning_violent_is_a_violent_demonstration(text: str) -> None:
    kind = only(text)
    assert (kind.event_type, kind.sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    "text",
    [
        "On 11 June 2023, supporters of the mayor attacked the protest of market women in Sabo.",
        "On 11 June 2023, guards threw tear gas at inmates who were protesting over food in Sabo prison.",
    ],
)
def test_violence_done_to_protesters_is_intervention_not_a_riot(text: str) -> None:
    assert only(text).sub_event_type == "Protest with intervention"


def test_a_grievance_the_protesters_report_is_not_their_violence() -> None:
    kind = only(
        "On 12 June 2023, villagers protested in Dura against a quarry. They claimed that their houses are "
        "damaged by the blasting."
    )
    assert kind.sub_event_type == "Peaceful protest"


def test_people_dying_in_an_air_raid_are_no_mob() -> None:
    kind = only(
        "On 13 June 2023, air raids hit the village of Tali, killing three citizens and injuring another."
    )
    assert kind.sub_event_type == "Air/drone strike"


def test_families_exchanging_fire_with_rockets_fight_an_armed_clash() -> None:
    kind = only(
        "On 13 June 2023, clashes broke out between two families in the Palestinian camp of Ruma. "
        "They exchanged fire and used rockets."
    )
    assert kind.sub_event_type == "Armed clash"


def test_a_molotov_thrown_by_two_people_is_property_destruction_not_a_riot() -> None:
    kind = only("On 14 June 2023, two people threw Molotov cocktails at a pharmacy in Vado. No one was hurt.")
    assert (kind.event_type, kind.sub_event_type) == (
        "Strategic developments",
        "Looting/property destruction",
    )


def test_a_crowd_throwing_molotovs_is_still_a_riot() -> None:
    kind = only("On 14 June 2023, a crowd of youths threw Molotov cocktails at the town hall in Vado.")
    assert kind.event_type == "Riots"


def test_dismantling_a_drug_lab_is_property_destruction() -> None:
    kind = only("On 15 June 2023, federal police dismantled a cocaine lab in Pina. Two men were arrested.")
    assert kind.sub_event_type == "Looting/property destruction"


def test_a_street_fight_between_residents_is_mob_violence() -> None:
    kind = only(
        "On 16 June 2023, residents engaged in a street fight with traders in Moro over a market stall."
    )
    assert kind.sub_event_type == "Mob violence"


def test_a_vigilante_is_no_vigil() -> None:
    kind = only("On 16 June 2023, a vigilante group lynched a suspected thief in Moro.")
    assert kind.event_type == "Riots" and kind.sub_event_type == "Mob violence"


def test_weapons_listed_as_seized_are_disrupted_weapons_not_their_use() -> None:
    kind = only(
        "On 9 May 2023, soldiers confiscated the following materiel in Dalo: 40 rifles, 12 grenade launchers "
        "and 300 mortar rounds."
    )
    assert kind.sub_event_type == "Disrupted weapons use"
    # A device found and then going off was used.
    kind = only("On 9 May 2023, a bomb found by a shopkeeper in the market of Dalo exploded.")
    assert kind.event_type == "Explosions/Remote violence"
