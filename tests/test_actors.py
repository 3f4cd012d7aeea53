"""Actor recognition, linking, roles, inter codes and claims (sitrep.extract.actors), on real spaCy parses."""

from __future__ import annotations

import pytest
import yaml

from sitrep.extract.actor_kb import INTER_CODES, build, load_actor_kb, read_text, validate
from sitrep.extract.actors import ActorCoder, Actors, token_role
from sitrep.extract.classify import Classification
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.geocode import Place
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article

# -- the knowledge base ---------------------------------------------------------------------------


def test_packaged_kb_passes_the_schema_check():
    raw = yaml.safe_load(read_text())
    assert validate(raw) == []
    assert len(raw["groups"]) >= 250
    for group in raw["groups"]:
        assert group["inter"] in INTER_CODES, group["name"]


def test_schema_check_names_each_problem():
    raw = yaml.safe_load(read_text())
    raw["groups"].append({"name": "Bad Group", "inter": 9, "country": "Narnia", "colour": "red"})
    raw["groups"].append({"name": raw["groups"][0]["name"], "inter": 2})
    raw["agents"]["no_such_template"] = ["goblins"]
    problems = "\n".join(validate(raw))
    assert "inter must be 1-8" in problems
    assert "not ISO alpha-3" in problems
    assert "unknown fields ['colour']" in problems
    assert "listed twice" in problems
    assert "names no template" in problems
    with pytest.raises(ValueError):
        build(raw)


def test_group_aliases_do_not_point_at_two_groups():
    kb = load_actor_kb()
    owner: dict[str, str] = {}
    clashes = []
    for alias in kb.aliases:
        if alias.kind != "group" or alias.target.kind != "group":
            continue
        key = alias.text if alias.case_sensitive else alias.text.lower()
        if owner.setdefault(key, alias.target.name) != alias.target.name:
            clashes.append((alias.text, owner[key], alias.target.name))
    assert clashes == []


def test_generated_country_actors_use_acled_short_names():
    kb = load_actor_kb()
    assert kb.generic("military", "COD").name == "Military Forces of the Democratic Republic of Congo"
    assert kb.generic("civilians", "COD").name == "Civilians (Democratic Republic of Congo)"
    assert kb.generic("police", "PHL").name == "Police Forces of the Philippines"
    assert kb.generic("protesters", "RUS").name == "Protesters (Russia)"
    assert kb.generic("armed_group", "SYR").name == "Unidentified Armed Group (Syria)"
    assert kb.generic("communal_militia", "IRN").name == "Unidentified Communal Militia (Iran)"
    assert kb.generic("military", "PAK").inter == 1 and kb.generic("rioters", "PAK").inter == 5
    assert (
        kb.iso3_for("Nigerian") == "NGA" and kb.iso3_for("Iran") == "IRN" and kb.iso3_for("Atlantis") is None
    )


# -- coding sentences -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coder():
    return ActorCoder()


def code(
    nlp,
    coder,
    text: str,
    event_type: str,
    country: str | None,
    sub: str | None = None,
    sentences: list[int] | None = None,
) -> tuple[Actors, ArticleContext]:
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    for sentence in ctx.sentences:
        ctx.docs[sentence.index] = nlp(sentence.text)
    chosen = sentences if sentences is not None else [s.index for s in ctx.sentences]
    frame = EventFrame(sentences=chosen, triggers=[])
    out = coder.code(
        ctx, frame, Classification(event_type=event_type, sub_event_type=sub), Place(country=country)
    )
    for spans in out.evidence.values():
        for span in spans:
            assert text[span.start : span.end] == span.text
    return out, ctx


def test_passive_voice_puts_the_agent_first(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Four soldiers were killed by al-Shabab militants near Afgooye on Monday.",
        "Battles",
        "Somalia",
    )
    assert (out.actor1, out.inter1) == ("Al Shabaab", 2)
    assert (out.actor2, out.inter2) == ("Military Forces of Somalia", 1)
    assert out.interaction == 12
    assert out.evidence["actor1"][0].text == "al-Shabab militants"


def test_victims_of_an_attack_are_actor2(nlp, coder):
    out, _ = code(
        nlp, coder, "Insurgents stormed an army post in Borno, killing 12 soldiers.", "Battles", "Nigeria"
    )
    assert out.actor1 == "Unidentified Armed Group (Nigeria)"
    assert out.actor2 == "Military Forces of Nigeria"
    assert out.interaction == 13


def test_demonym_links_state_forces_and_abroad_is_inter_8(nlp, coder):
    home, _ = code(
        nlp, coder, "Pakistani troops clashed with militants in North Waziristan.", "Battles", "Pakistan"
    )
    assert (home.actor1, home.inter1) == ("Military Forces of Pakistan", 1)
    abroad, _ = code(
        nlp, coder, "Turkish troops shelled villages near Afrin.", "Explosions/Remote violence", "Syria"
    )
    assert (abroad.actor1, abroad.inter1) == ("Military Forces of Turkey", 8)
    assert abroad.interaction == 80


def test_gunmen_with_no_claim_stay_unidentified(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Gunmen shot dead five villagers in Zamfara state.",
        "Violence against civilians",
        "Nigeria",
    )
    assert out.actor1 == "Unidentified Armed Group (Nigeria)"
    assert out.actor2 == "Civilians (Nigeria)"
    assert out.interaction == 37
    assert out.claimed_by is None


def test_violence_against_civilians_never_invents_a_named_perpetrator(nlp, coder):
    out, _ = code(
        nlp, coder, "A man was found dead in Kandahar city.", "Violence against civilians", "Afghanistan"
    )
    assert out.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert out.actor2 == "Civilians (Afghanistan)"
    assert any("no perpetrator named" in note for note in out.notes)
    assert out.confidence <= 0.5


def test_claim_in_the_following_sentence(nlp, coder):
    text = (
        "Five people died in a raid on a checkpoint in Khyber Pakhtunkhwa. "
        "Responsibility for the raid was claimed by the Pakistani Taliban "
        "in a message to reporters."
    )
    out, _ = code(nlp, coder, text, "Violence against civilians", "Pakistan", sentences=[0])
    assert out.claimed_by == "TTP: Tehreek-e-Taliban Pakistan"
    assert out.actor1 == "TTP: Tehreek-e-Taliban Pakistan"
    assert out.evidence["claimed_by"][0].text == "Pakistani Taliban"


def test_claimed_responsibility_and_said_it_carried_out(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "A bomb killed three policemen in Quetta. The BLA claimed responsibility for the blast.",
        "Explosions/Remote violence",
        "Pakistan",
    )
    assert out.claimed_by == "BLA: Balochistan Liberation Army"
    assert out.actor2 == "Police Forces of Pakistan"
    said, _ = code(
        nlp,
        coder,
        "Two rockets hit a base in Erbil. Kataib Hezbollah said it carried out the strike.",
        "Explosions/Remote violence",
        "Iraq",
    )
    assert said.claimed_by == "Kataib Hezbollah"


def test_denial_and_no_claim_are_not_claims(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "A car bomb exploded in Mogadishu, killing four civilians. No group claimed responsibility.",
        "Explosions/Remote violence",
        "Somalia",
    )
    assert out.claimed_by is None
    assert out.actor1 == "Unidentified Armed Group (Somalia)"


def test_suspected_actor_is_kept_with_lower_confidence(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Suspected JAS fighters abducted 20 women near Gwoza.",
        "Violence against civilians",
        "Nigeria",
    )
    assert out.actor1 == "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
    assert out.claimed_by is None
    assert out.confidence <= 0.5
    assert any("suspected" in note for note in out.notes)


def test_protest_with_profession_and_intervention(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Hundreds of nurses protested in Haifa demanding better pay.",
        "Protests",
        "Israel",
        sub="Peaceful protest",
    )
    assert (out.actor1, out.assoc_actor_1, out.inter1, out.interaction) == (
        "Protesters (Israel)",
        "Health Workers (Israel)",
        6,
        60,
    )
    assert out.actor2 is None
    dispersed, _ = code(
        nlp,
        coder,
        "Police dispersed students who were protesting in Lagos.",
        "Protests",
        "Nigeria",
        sub="Protest with intervention",
    )
    assert dispersed.actor1 == "Protesters (Nigeria)" and dispersed.assoc_actor_1 == "Students (Nigeria)"
    assert dispersed.actor2 == "Police Forces of Nigeria" and dispersed.interaction == 16


def test_riot_is_rioters(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Rioters torched a police station in Kisumu and clashed with police.",
        "Riots",
        "Kenya",
        sub="Violent demonstration",
    )
    assert (out.actor1, out.inter1) == ("Rioters (Kenya)", 5)
    assert out.actor2 == "Police Forces of Kenya" and out.interaction == 15


def test_associated_unit_goes_with_its_state(nlp, coder):
    text = (
        "The Islamic Revolutionary Guard Corps (IRGC) said that it had killed three armed separatists "
        "in Saravan."
    )
    out, _ = code(nlp, coder, text, "Battles", "Iran")
    assert out.actor1 == "Military Forces of Iran"
    assert out.assoc_actor_1 == "Islamic Revolutionary Guard Corps"
    assert out.actor2 == "Unidentified Armed Group (Iran)"


def test_unknown_organised_group_keeps_its_own_name(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Fighters of the Zarbani Liberation Front ambushed a police convoy near Kidal.",
        "Battles",
        "Mali",
    )
    assert out.actor1 == "Zarbani Liberation Front"
    assert out.actor2 == "Police Forces of Mali"


def test_community_militia_is_named_for_the_community(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Suspected Murle raiders attacked a cattle camp in Jonglei, killing six herders.",
        "Violence against civilians",
        "South Sudan",
    )
    assert (out.actor1, out.inter1) == ("Murle Ethnic Militia (South Sudan)", 4)
    assert out.interaction == 47


def test_anti_prefix_is_not_the_actor(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Anti-Houthi National Resistance forces shelled a village near Hays.",
        "Explosions/Remote violence",
        "Yemen",
    )
    assert out.actor1 == "National Resistance Forces"


def test_all_capitals_wire_copy_matches_names_but_not_words(nlp, coder):
    text = (
        "GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT ATTACKED AN ARMY POST IN USULUTAN, "
        "IT IS SAID."
    )
    out, _ = code(nlp, coder, text, "Battles", "El Salvador")
    assert out.actor1 == "FMLN: Farabundo Marti National Liberation Front"
    assert out.actor2 == "Military Forces of El Salvador"


def test_no_country_and_no_parse_do_not_crash(nlp, coder):
    out, _ = code(nlp, coder, "Something happened somewhere.", "Battles", None)
    assert out.actor1 is None and out.interaction is None
    ctx = ArticleContext(
        article=Article(id="x", text="Gunmen attacked."), sentences=split_sentences("Gunmen attacked.")
    )
    bare = coder.code(
        ctx, EventFrame(sentences=[0], triggers=[]), Classification(event_type="Battles"), Place()
    )
    assert bare.actor1 is None


def test_token_role_reads_the_parse(nlp):
    doc = nlp("The village was attacked by bandits who killed the chief.")
    bandits = next(t for t in doc if t.text == "bandits")
    village = next(t for t in doc if t.text == "village")
    chief = next(t for t in doc if t.text == "chief")
    assert token_role(bandits) == "agent"
    assert token_role(village) == "target"
    assert token_role(chief) == "target"


def test_a_countrys_own_force_names_link_to_its_military(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "FARDC soldiers repelled an attack by CODECO militiamen near Djugu.",
        "Battles",
        "Democratic Republic of Congo",
    )
    assert out.actor1 == "CODECO: Cooperative for Development of Congo"
    assert out.actor2 == "Military Forces of the Democratic Republic of Congo"


def test_two_named_communities_clash(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Dinka and Nuer communal militias clashed near Bor, killing nine.",
        "Battles",
        "South Sudan",
    )
    assert {out.actor1, out.actor2} == {
        "Dinka Ethnic Militia (South Sudan)",
        "Nuer Ethnic Militia (South Sudan)",
    }
    assert out.interaction == 44


def test_a_crowd_keeps_its_own_nationality(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Dozens of Bolivian citizens protested at the border crossing in Colchane.",
        "Protests",
        "Chile",
        sub="Peaceful protest",
    )
    assert out.actor1 == "Protesters (Bolivia)"


def test_riot_met_by_police_codes_the_police(nlp, coder):
    text = "Police fired tear gas at rioting prisoners who had seized part of the central prison in Kassala."
    out, _ = code(nlp, coder, text, "Riots", "Sudan", sub="Violent demonstration")
    assert out.actor1 == "Rioters (Sudan)" and out.actor2 == "Police Forces of Sudan"


def test_looting_is_against_civilians_by_default(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Boko Haram fighters looted shops in Kolofata.",
        "Strategic developments",
        "Cameroon",
        sub="Looting/property destruction",
    )
    # Reports say "Boko Haram" for either faction since the 2016 split: the joint actor.
    assert (
        out.actor1
        == "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
    )
    assert out.actor2 == "Civilians (Cameroon)"
    assert any("owners" in note for note in out.notes)


def test_a_de_facto_authority_can_claim_but_an_army_report_is_not_a_claim(nlp, coder):
    text = "A drone hit an airport in Abha. The Houthis claimed responsibility for the attack."
    houthi, _ = code(nlp, coder, text, "Explosions/Remote violence", "Saudi Arabia")
    assert houthi.claimed_by == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert houthi.inter1 == 8  # a state force outside its own country
    army, _ = code(nlp, coder, "The army said it killed five militants in Konna.", "Battles", "Mali")
    assert army.claimed_by is None
    assert army.actor1 == "Military Forces of Mali"


def test_linked_actors_bridges_naming_schemes():
    from sitrep.extract.actors import linked_actors

    assert "Military Forces of Yemen (2016-) Supreme Political Council" in linked_actors(
        "Houthi extremists (Ansar Allah)"
    )
    assert "ELN: National Liberation Army" in linked_actors("National Liberation Army of Colombia (ELN)")
    assert "Islamic State" in linked_actors("Islamic State of Iraq and the Levant (ISIL)")
    assert linked_actors("Islamic State (Iraq)") & linked_actors("ISIL")
    assert linked_actors("Unknown") == set()


def test_any_text_codes_without_crashing(coder):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None)
    @given(st.text(min_size=1, max_size=200), st.sampled_from(["Battles", "Protests", "Riots", None]))
    def run(text, event_type):
        ctx = ArticleContext(article=Article(id="h", text=text), sentences=split_sentences(text))
        frame = EventFrame(sentences=[s.index for s in ctx.sentences], triggers=[])
        out = coder.code(ctx, frame, Classification(event_type=event_type), Place(country="Nigeria"))
        for spans in out.evidence.values():
            for span in spans:
                assert text[span.start : span.end] == span.text
        assert (
            out.interaction is None
            or out.interaction % 10 == 0
            or out.interaction // 10 <= out.interaction % 10
        )

    run()


# -- follow-up: victims, mere presence, unnamed air power, arms named by a demonym, mobs ----------------


def test_soldiers_killed_by_a_roadside_bomb_are_the_target_not_the_bomber(nlp, coder):
    text = (
        "Three Nigerien soldiers died when their truck hit a landmine outside Tillia on Friday. "
        "An army patrol was driving back to base at the time. "
        "Nobody has claimed the blast, but militants linked to the Islamic State operate in the region."
    )
    out, _ = code(
        nlp, coder, text, "Explosions/Remote violence", "Niger", sub="Remote explosive/landmine/IED"
    )
    assert out.actor1 == "Unidentified Armed Group (Niger)"
    assert out.actor2 == "Military Forces of Niger"
    assert out.interaction == 13
    assert out.claimed_by is None
    assert any("only said to be active in or linked to" in note for note in out.notes)
    assert out.confidence <= 0.5


def test_a_group_that_is_only_present_is_not_the_perpetrator(nlp, coder):
    named, _ = code(
        nlp,
        coder,
        "Al-Shabaab militants ambushed a police convoy near Balad.",
        "Battles",
        "Somalia",
    )
    present, _ = code(
        nlp,
        coder,
        "Two policemen were shot dead near Balad. Al-Shabaab fighters are active in the district.",
        "Battles",
        "Somalia",
    )
    assert named.actor1 == "Al Shabaab"
    assert present.actor1 != "Al Shabaab"
    assert present.actor2 == "Police Forces of Somalia"


def test_warplanes_with_no_owner_are_unidentified_military_forces(nlp, coder):
    text = "Warplanes struck a fuel depot in Maarat al-Numan, killing four civilians, residents said."
    out, _ = code(nlp, coder, text, "Explosions/Remote violence", "Syria", sub="Air/drone strike")
    assert out.actor1 == "Unidentified Military Forces"
    assert out.actor1 != "Military Forces of Syria"
    assert out.actor2 == "Civilians (Syria)"
    owned, _ = code(
        nlp,
        coder,
        "Russian warplanes struck a fuel depot in Maarat al-Numan.",
        "Explosions/Remote violence",
        "Syria",
        sub="Air/drone strike",
    )
    assert owned.actor1 == "Military Forces of Russia" and owned.inter1 == 8


def test_a_demonym_before_arms_names_that_states_military(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Turkish artillery shelling was reported on villages near Tal Tamr.",
        "Explosions/Remote violence",
        "Syria",
        sub="Shelling/artillery/missile attack",
    )
    assert (out.actor1, out.inter1) == ("Military Forces of Turkey", 8)
    drones, _ = code(
        nlp,
        coder,
        "Israeli air strikes targeted a weapons depot near Masyaf.",
        "Explosions/Remote violence",
        "Syria",
        sub="Air/drone strike",
    )
    assert drones.actor1 == "Military Forces of Israel"


def test_mob_violence_victims_default_to_civilians(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "An angry mob set fire to three parked cars in Puebla after a dispute.",
        "Riots",
        "Mexico",
        sub="Mob violence",
    )
    assert out.actor1 == "Rioters (Mexico)"
    assert out.actor2 == "Civilians (Mexico)"
    assert out.interaction == 57


def test_a_battle_always_has_two_sides_and_the_unnamed_one_takes_the_texts_kind(nlp, coder):
    clan, _ = code(nlp, coder, "Two men died in inter-clan fighting near Galdogob.", "Battles", "Somalia")
    assert clan.actor1 == clan.actor2 == "Unidentified Clan Militia (Somalia)"
    assert clan.interaction == 44
    gang, _ = code(
        nlp,
        coder,
        "A wanted drug trafficker died after exchanging fire with civil police officers in Teresina.",
        "Battles",
        "Brazil",
    )
    assert gang.actor1 == "Police Forces of Brazil"
    assert gang.actor2 == "Unidentified Gang (Brazil)"
    one_side, _ = code(nlp, coder, "Soldiers came under fire near Tillia overnight.", "Battles", "Niger")
    assert one_side.actor1 == "Military Forces of Niger"
    assert one_side.actor2 == "Unidentified Armed Group (Niger)"
    assert any("other side" in note for note in one_side.notes)


def test_a_state_in_a_coalition_operation_is_coded_as_the_operation(nlp, coder):
    text = "Saudi artillery shelled farms in Shada district, killing two civilians."
    out, _ = code(
        nlp, coder, text, "Explosions/Remote violence", "Yemen", sub="Shelling/artillery/missile attack"
    )
    assert out.actor1 == "Operation Restoring Hope"
    assert out.assoc_actor_1 == "Military Forces of Saudi Arabia"
    assert out.inter1 == 8
    home, _ = code(
        nlp, coder, "Saudi police arrested two men in Jeddah.", "Strategic developments", "Saudi Arabia"
    )
    assert home.actor1 == "Police Forces of Saudi Arabia"


def test_schema_check_reads_coalition_operations():
    raw = yaml.safe_load(read_text())
    raw["groups"].append(
        {"name": "Operation Nowhere", "inter": 8, "operation": {"in": "Yemen", "forces": ["SAU"]}}
    )
    assert any("operation needs" in p for p in validate(raw))


def test_a_mutual_exchange_of_fire_lists_the_state_first(nlp, coder):
    text = "A gunman exchanged fire with federal police officers at a checkpoint in Culiacan."
    out, _ = code(nlp, coder, text, "Battles", "Mexico")
    assert out.actor1 == "Police Forces of Mexico"
    assert out.actor2 == "Unidentified Armed Group (Mexico)"
    attack, _ = code(nlp, coder, "A gunman shot at federal police officers in Culiacan.", "Battles", "Mexico")
    assert attack.actor1 == "Unidentified Armed Group (Mexico)"


def test_unowned_air_power_is_noted_with_lower_confidence(nlp, coder):
    text = "Warplanes bombed a bakery in Kafr Nabl, killing six people."
    out, _ = code(nlp, coder, text, "Explosions/Remote violence", "Syria", sub="Air/drone strike")
    assert out.actor1 == "Unidentified Military Forces"
    assert any("names no air force" in note for note in out.notes)
    assert out.confidence <= 0.5


def test_clashed_with_keeps_the_texts_order(nlp, coder):
    out, _ = code(nlp, coder, "Armed men clashed with soldiers in Reynosa.", "Battles", "Mexico")
    assert out.actor1 == "Unidentified Armed Group (Mexico)"
    assert out.actor2 == "Military Forces of Mexico"


def test_unnamed_islamist_fighters_are_an_islamist_militia(nlp, coder):
    text = "Suspected Islamist insurgents raided a fishing camp near Pemba and killed three fishermen."
    out, _ = code(nlp, coder, text, "Violence against civilians", "Mozambique", sub="Attack")
    assert (out.actor1, out.inter1) == ("Islamist Militia (Mozambique)", 3)
    assert out.actor2 == "Civilians (Mozambique)"
    named, _ = code(nlp, coder, "Al Shabaab militants ambushed a convoy near Jowhar.", "Battles", "Somalia")
    assert named.actor1 == "Al Shabaab"


def test_slashed_factions_use_the_joint_name(nlp, coder):
    joint = "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
    out, _ = code(nlp, coder, "Boko Haram/IS fighters ambushed soldiers near Gwoza.", "Battles", "Nigeria")
    assert out.actor1 == joint
    either, _ = code(nlp, coder, "ISWAP or Boko Haram fighters raided Gajiram.", "Battles", "Nigeria")
    assert either.actor1 == joint  # the KB's joint name, whichever order the text uses
    acronym, _ = code(
        nlp,
        coder,
        "Boko Haram/IS attacked Kuda village and burnt homes.",
        "Violence against civilians",
        "Nigeria",
    )
    assert acronym.actor1 == joint  # "IS" read as the verb "is" must not make the group a victim


def test_believed_to_belong_to_names_a_suspected_group(nlp, coder):
    text = "Gunmen believed to belong to IS shot dead a shepherd near Sukhnah."
    out, _ = code(nlp, coder, text, "Violence against civilians", "Syria", sub="Attack")
    assert out.actor1 == "Islamic State (Syria)"
    assert out.confidence <= 0.5


def test_forces_that_move_are_the_actor_of_a_troop_movement(nlp, coder):
    text = "Houthi reinforcements arrived at the Sirwah front on Sunday."
    out, _ = code(nlp, coder, text, "Strategic developments", "Yemen", sub="Change to group/activity")
    assert out.actor1 == "Military Forces of Yemen (2016-) Supreme Political Council"


def test_displaced_people_are_actor1_with_refugees_associate(nlp, coder):
    text = "Around 300 villagers fled their homes to the district town after the fighting."
    out, _ = code(nlp, coder, text, "Strategic developments", "Myanmar", sub="Other")
    assert (out.actor1, out.assoc_actor_1, out.actor2) == (
        "Civilians (Myanmar)",
        "Refugees/IDPs (Myanmar)",
        None,
    )
    back, _ = code(
        nlp,
        coder,
        "Some 150 refugees returned from Peru by bus.",
        "Strategic developments",
        "Ecuador",
        "Other",
    )
    assert back.actor1 == "Civilians (Ecuador)"


def test_arson_by_nobody_named_is_an_unidentified_armed_group(nlp, coder):
    text = "The car of a local councillor was set on fire overnight in the town centre."
    out, _ = code(nlp, coder, text, "Strategic developments", "Serbia", sub="Looting/property destruction")
    assert out.actor1 == "Unidentified Armed Group (Serbia)"
    assert out.actor2 == "Civilians (Serbia)"


def test_seized_contraband_belongs_to_a_gang(nlp, coder):
    text = "Federal police officers seized three tonnes of cannabis at a highway checkpoint."
    out, _ = code(nlp, coder, text, "Strategic developments", "Brazil", sub="Looting/property destruction")
    assert out.actor1 == "Police Forces of Brazil"
    assert out.actor2 == "Unidentified Gang (Brazil)"


def test_a_battle_side_beats_the_people_caught_in_it(nlp, coder):
    text = "A shoot-out between police officers and drug traffickers broke out and a man was wounded."
    out, _ = code(nlp, coder, text, "Battles", "Honduras")
    assert out.actor2 == "Unidentified Gang (Honduras)"


def test_military_police_named_once_stay_military(nlp, coder):
    text = (
        "The Military Police carried out an operation in a hillside community. "
        "A shoot-out between police officers and armed men broke out."
    )
    out, _ = code(nlp, coder, text, "Battles", "Brazil", sentences=[1])
    assert (out.actor1, out.assoc_actor_1) == ("Military Forces of Brazil", "Military Police")


def test_a_deciding_state_is_its_government(nlp, coder):
    sub = "Change to group/activity"
    out, _ = code(
        nlp,
        coder,
        "Ghana has announced a night curfew in two northern towns.",
        "Strategic developments",
        "Ghana",
        sub,
    )
    assert out.actor1 == "Government of Ghana"
    text = "Chile has been worried about unrest in the north. On Monday, it announced new border patrols."
    back, _ = code(nlp, coder, text, "Strategic developments", "Chile", sub, sentences=[1])
    assert back.actor1 == "Government of Chile"
    demonym, _ = code(
        nlp, coder, "Ghanaian traders announced a strike.", "Strategic developments", "Ghana", sub
    )
    assert demonym.actor1 != "Government of Ghana"  # a demonym is not the state deciding


def test_a_suicide_bomber_named_as_a_groups_member_is_its_claim(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Nine people were killed when a BLA suicide bomber blew himself up at a bus stand in Turbat.",
        "Explosions/Remote violence",
        "Pakistan",
    )
    assert out.actor1 == "BLA: Balochistan Liberation Army"
    assert out.claimed_by == "BLA: Balochistan Liberation Army"
    assert any("suicide attacker was one of its members" in n for n in out.notes)


def test_a_suspected_member_is_not_a_claim(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Police suspect the BLA in the bombing that killed nine people at a bus stand in Turbat.",
        "Explosions/Remote violence",
        "Pakistan",
    )
    assert out.claimed_by is None


def test_fire_counted_across_a_standing_front_is_between_its_two_sides(nlp, coder):
    text = "Monitors of the OSCE SMM counted 14 explosions and bursts of fire near a mining village."
    battle, _ = code(nlp, coder, text, "Battles", "Ukraine")
    assert (battle.actor1, battle.actor2) == (
        "Military Forces of Ukraine",
        "NAF: United Armed Forces of Novorossiya",
    )
    assert (battle.inter1, battle.inter2) == (1, 2)
    shelling, _ = code(nlp, coder, text, "Explosions/Remote violence", "Ukraine")
    # Shelling with no side named has no known perpetrator: the front does not supply one.
    assert shelling.actor1 == "Unidentified Armed Group (Ukraine)"
    # Elsewhere, or when a side is named, the front says nothing.
    elsewhere, _ = code(
        nlp, coder, "Unknown gunmen fired at a checkpoint near a village.", "Battles", "Ukraine"
    )
    assert elsewhere.actor1 == "Unidentified Armed Group (Ukraine)"


def test_fire_near_ground_one_side_holds_is_the_other_sides(nlp, coder):
    # Horlivka was held by the Russian-backed formations, Avdiivka by Ukraine's army.
    shelled = "Ceasefire monitors of the OSCE SMM recorded four explosions near Horlivka overnight."
    out, _ = code(nlp, coder, shelled, "Explosions/Remote violence", "Ukraine")
    assert (out.actor1, out.inter1) == ("Military Forces of Ukraine", 1)
    other = "Ceasefire monitors of the OSCE SMM recorded four explosions near Avdiivka overnight."
    out, _ = code(nlp, coder, other, "Explosions/Remote violence", "Ukraine")
    assert (out.actor1, out.inter1) == ("NAF: United Armed Forces of Novorossiya", 2)
    # An exchange of fire near ground the state holds: the side firing at it comes first.
    exchange = "The OSCE SMM recorded 30 shots in both directions of the contact line near Avdiivka."
    battle, _ = code(nlp, coder, exchange, "Battles", "Ukraine")
    assert (battle.actor1, battle.actor2) == (
        "NAF: United Armed Forces of Novorossiya",
        "Military Forces of Ukraine",
    )
    # "Donetsk region" is not the city: with no settlement, the perpetrator stays unknown.
    region = "The OSCE SMM recorded two explosions in Donetsk region."
    out, _ = code(nlp, coder, region, "Explosions/Remote violence", "Ukraine")
    assert out.actor1 == "Unidentified Armed Group (Ukraine)"


@pytest.mark.parametrize(
    ("text", "country", "sides"),
    [
        (
            "Militiamen from the Dhulbahante clan and Warsangeli sub-clans exchanged fire near a well.",
            "Somalia",
            ("Dhulbahante Clan Militia (Somalia)", "Warsangeli Clan Militia (Somalia)"),
        ),
        (
            "Militias from Akpoha and Ezillo clashed over farmland. Four people were killed.",
            "Nigeria",
            ("Akpoha Communal Militia (Nigeria)", "Ezillo Communal Militia (Nigeria)"),
        ),
        (
            "Fighting broke out between Bani Harith and Al Awadi tribesmen near the market.",
            "Yemen",
            ("Bani Harith Tribal Militia (Yemen)", "Al Awadi Tribal Militia (Yemen)"),
        ),
    ],
)
def test_two_named_communities_clans_or_tribes_are_two_militias(nlp, coder, text, country, sides):
    out, _ = code(nlp, coder, text, "Battles", country)
    assert {out.actor1, out.actor2} == set(sides)
    assert (out.inter1, out.inter2) == (4, 4)


def test_named_tribes_and_states_are_not_communal_pairs(nlp, coder):
    tribes, _ = code(
        nlp, coder, "Government troops clashed with Al Murad tribes near Marib.", "Battles", "Yemen"
    )
    assert tribes.actor2 == "Al Murad Tribal Militia (Yemen)"
    states, _ = code(nlp, coder, "Russian and Syrian fighters attacked a village.", "Battles", "Syria")
    assert "Communal Militia" not in (states.actor1 or "") + (states.actor2 or "")


def test_the_side_on_the_other_is_actor2(nlp, coder):
    text = (
        "Clashes broke out between government forces and Islah fighters on one side "
        "and Houthi forces on the other near Taiz."
    )
    out, _ = code(nlp, coder, text, "Battles", "Yemen")
    assert out.actor1 == "Military Forces of Yemen"
    assert out.actor2 == "Military Forces of Yemen (2016-) Supreme Political Council"


def test_front_schema_needs_a_known_opponent():
    raw = yaml.safe_load(read_text())
    raw["fronts"].append({"country": "UKR", "opponent": "No Such Group", "cues": ["line"]})
    assert any("is not a group" in p for p in validate(raw))


def test_a_counter_protest_is_protesters_against_protesters(nlp, coder):
    text = (
        "Residents protested against a new landfill in the town. "
        "Supporters of the mayor held a counter-protest."
    )
    out, _ = code(nlp, coder, text, "Protests", "Croatia", "Peaceful protest")
    assert (out.actor1, out.actor2) == ("Protesters (Croatia)", "Protesters (Croatia)")


def test_a_feud_between_two_families_is_between_clan_militias(nlp, coder):
    text = "Clashes broke out between two families in a village; both sides fired rifles."
    out, _ = code(nlp, coder, text, "Battles", "Jordan")
    assert (out.actor1, out.actor2) == (
        "Unidentified Clan Militia (Jordan)",
        "Unidentified Clan Militia (Jordan)",
    )


def test_two_countries_before_one_force_are_two_forces(nlp, coder):
    text = "Burundian and Rwandan soldiers clashed near the border on Sunday."
    out, _ = code(nlp, coder, text, "Battles", "Burundi")
    assert (out.actor1, out.actor2) == ("Military Forces of Burundi", "Military Forces of Rwanda")
    assert out.inter2 == 8


def test_gang_style_killing_by_unnamed_men_is_gang_violence_where_the_country_codes_it_so(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Two armed men on a motorbike killed a shopkeeper in a drive-by shooting in Leon.",
        "Violence against civilians",
        "Mexico",
    )
    assert out.actor1 == "Unidentified Gang (Mexico)"
    assert out.actor2 == "Civilians (Mexico)"
    brazil, _ = code(
        nlp,
        coder,
        "Unknown gunmen shot a man dead and left his body with his hands tied near Belem.",
        "Violence against civilians",
        "Brazil",
    )
    assert brazil.actor1 == "Unidentified Gang and/or Police Militia"
    # Without such hallmarks, or in a country without the convention, the attackers stay an armed group.
    plain, _ = code(
        nlp, coder, "Two armed men shot a farmer dead near Leon.", "Violence against civilians", "Mexico"
    )
    assert plain.actor1 == "Unidentified Armed Group (Mexico)"
    elsewhere, _ = code(
        nlp,
        coder,
        "Gunmen killed a trader in a drive-by shooting in Homs.",
        "Violence against civilians",
        "Syria",
    )
    assert elsewhere.actor1 == "Unidentified Armed Group (Syria)"


# -- the act parsed as a noun: roles from word order (issue 6, demo) -------------------------------------
# The small spaCy model reads "shot" after "X on a motorcycle" as a noun ("a motorcycle shot") and "gunned"
# after "militants on motorbikes" as a reduced relative, so no verb carries the act and the doer has no role.


def test_the_doer_before_an_act_parsed_as_a_noun_is_actor1_not_the_reporting_police(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Gunmen on a motorcycle shot dead two brothers outside their shop in Mardan on Friday evening, "
        "police said, in what they described as a land dispute.",
        "Violence against civilians",
        "Pakistan",
    )
    assert out.actor1 == "Unidentified Armed Group (Pakistan)"
    assert [s.text for s in out.evidence["actor1"]] == ["Gunmen"]
    assert out.interaction == 37


@pytest.mark.parametrize(
    ("text", "event_type", "actor1", "doer"),
    [
        (
            "Soldiers on a motorcycle shot dead a shopkeeper in Bannu, police said.",
            "Violence against civilians",
            "Military Forces of Pakistan",
            "Soldiers",
        ),
        (
            "Armed men on a motorcycle shot dead a teacher near his home in Kohat, police said.",
            "Violence against civilians",
            "Unidentified Armed Group (Pakistan)",
            "Armed men",
        ),
        (
            "Suspected militants on motorbikes gunned down a school principal in Dera Ismail Khan, "
            "police said.",
            "Violence against civilians",
            "Unidentified Armed Group (Pakistan)",
            "Suspected militants",
        ),
        (
            "Police said gunmen on a motorcycle shot dead a lawyer in Quetta.",
            "Violence against civilians",
            "Unidentified Armed Group (Pakistan)",
            "gunmen",
        ),
    ],
)
def test_the_actor_right_before_a_mistagged_act_did_it(nlp, coder, text, event_type, actor1, doer):
    out, _ = code(nlp, coder, text, event_type, "Pakistan")
    assert out.actor1 == actor1
    assert [s.text for s in out.evidence["actor1"]] == [doer]


def test_the_actor_right_after_a_mistagged_act_suffered_it(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Militants on a motorcycle shot dead two soldiers at a checkpoint in Lakki Marwat, the army said.",
        "Battles",
        "Pakistan",
    )
    assert out.actor1 == "Unidentified Armed Group (Pakistan)"
    assert [s.text for s in out.evidence["actor1"]] == ["Militants"]
    assert out.actor2 == "Military Forces of Pakistan"
    assert not any("not named" in note for note in out.notes)


def test_a_speaker_who_goes_on_describing_did_not_act(nlp, coder):
    # "police said, in what they described as ...": "they" still reports; the police did not shoot.
    out, _ = code(
        nlp,
        coder,
        "Two brothers were shot dead in Peshawar, police said, in what they described as a family feud.",
        "Violence against civilians",
        "Pakistan",
    )
    assert out.actor1 == "Unidentified Armed Group (Pakistan)"
    assert "actor1" not in out.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Two policemen on a motorcycle killed in an ambush near Quetta, officials said.",
        "Two soldiers on a motorcycle shot dead in Bannu on Sunday, police said.",
    ],
)
def test_a_mistagged_act_with_no_object_is_passive_and_the_actor_before_it_suffered_it(nlp, coder, text):
    out, _ = code(nlp, coder, text, "Violence against civilians", "Pakistan")
    assert out.actor1 == "Unidentified Armed Group (Pakistan)"
    assert "actor1" not in out.evidence


# -- bare forces keep the owner the text gave them --------------------------------------------------


def test_bare_soldiers_keep_the_nationality_stated_in_a_lead_the_event_does_not_span(nlp, coder):
    # The lead names the owner; the event sits in the second sentence only.
    out, _ = code(
        nlp,
        coder,
        "On 4 June 2020, Jordanian forces were deployed along the river near Karameh. "
        "Soldiers shot at two farmers crossing the fields.",
        "Violence against civilians",
        "Syria",
        sentences=[1],
    )
    assert out.actor1 == "Military Forces of Jordan"
    assert out.inter1 == 8  # a state's forces outside their own country


def test_bare_police_keep_the_owner_named_by_the_forces_alias(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "The Philippine National Police set up checkpoints in Lagos on Monday. Police beat a vendor there.",
        "Violence against civilians",
        "Nigeria",
        sentences=[1],
    )
    assert out.actor1 == "Police Forces of the Philippines"


def test_bare_forces_with_two_stated_owners_keep_the_event_country(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Kenyan police and Tanzanian police met at the border post on Monday. "
        "Police beat a trader near Busia.",
        "Violence against civilians",
        "Kenya",
        sentences=[1],
    )
    assert out.actor1 == "Police Forces of Kenya"


def test_government_forces_are_not_the_foreign_forces_named_before(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "Turkish forces withdrew from the area last month. Government forces shot at a man near Hama.",
        "Violence against civilians",
        "Syria",
        sentences=[1],
    )
    assert out.actor1 == "Military Forces of Syria"


def test_bare_soldiers_in_the_owners_own_sentence_may_be_the_other_side(nlp, coder):
    out, _ = code(
        nlp,
        coder,
        "On 6 June 2020, Pakistani troops shelled a border post near Uri, killing two soldiers.",
        "Battles",
        "India",
    )
    assert out.actor1 == "Military Forces of Pakistan"
    assert out.actor2 == "Military Forces of India"


# -- aliases that are also words --------------------------------------------------------------------


def test_a_mixed_case_abbreviation_matches_only_in_its_written_case():
    from sitrep.extract.actors import linked_actors

    assert "Lashkar-e-Taiba" not in linked_actors("The police let the marchers pass through the old town.")
    assert "Lashkar-e-Taiba" in linked_actors("LeT militants fired on a checkpoint near the ridge.")
    assert "Lashkar-e-Taiba" in linked_actors("Police blamed LET militants for the ambush near the ridge.")


def test_an_alias_that_is_a_word_needs_support_in_all_capitals_copy():
    from sitrep.extract.actors import linked_actors

    def named(text: str) -> bool:
        return "Lashkar-e-Taiba" in linked_actors(text)

    assert not named("THE PRIEST TOLD THE CROWD: LET US PRAY FOR THE DEAD OF THE VILLAGE.")
    assert named("MEMBERS OF THE LET OPENED FIRE ON A PATROL NEAR THE VILLAGE, OFFICERS SAID.")
    assert named("THE LET GROUP OPENED FIRE ON A PATROL NEAR THE VILLAGE, OFFICERS SAID.")
    assert named("OFFICERS IN PAKISTAN SAID: LET US NOT FORGET WHO OPENED FIRE ON THE PATROL.")
    assert named("LASHKAR-E-TAIBA CLAIMED THE RAID; LET MILITANTS OPENED FIRE ON THE PATROL.")
    chad = "FACT: Front for Change and Concord in Chad"
    assert chad not in linked_actors("IN FACT, THE GUERRILLAS HAD LEFT THE TOWN BEFORE THE TROOPS ARRIVED.")
    assert chad in linked_actors("THE FACT REBELS HAD LEFT THE TOWN BEFORE THE CHADIAN TROOPS ARRIVED.")
    # words that name only themselves stay ignored, however much the text supports them
    assert "USA" not in str(linked_actors("THE REBELS TOLD US THEY WOULD FIGHT ON IN THE UNITED STATES."))


def test_a_short_shouted_sentence_takes_the_articles_case(nlp, coder):
    text = (
        "THE COMMANDER SPOKE TO THE VILLAGERS GATHERED IN THE SQUARE AFTER THE ATTACK ON THE POST. "
        "LET US UNITE. "
        "REBELS THEN FIRED ON THE ARMY POST OUTSIDE THE TOWN, KILLING TWO SOLDIERS."
    )
    out, ctx = code(nlp, coder, text, "Battles", "Guatemala")
    mentions = coder.mentions(ctx, [s.index for s in ctx.sentences], "GTM")
    assert all(m.entry.name != "Lashkar-e-Taiba" for m in mentions)
    assert "Lashkar-e-Taiba" not in (out.actor1, out.actor2)


def test_a_name_wrapped_across_lines_is_still_the_name(nlp, coder):
    text = (
        "   YESTERDAY AFTERNOON HEAVILY ARMED GUERRILLAS OF THE FARABUNDO\n"
        "MARTI NATIONAL LIBERATION FRONT ATTACKED AN ARMY POST IN USULUTAN,\n"
        "AN OFFICER SAID."
    )
    out, _ = code(nlp, coder, text, "Battles", "El Salvador")
    assert out.actor1 == "FMLN: Farabundo Marti National Liberation Front"


def test_the_news_agency_in_a_dateline_is_not_an_actor(nlp, coder):
    caps = "BOGOTA, 3 MAR 90 (AFP) -- [TEXT] GUERRILLAS BLEW UP A BRIDGE NEAR THE TOWN OF YARUMAL TODAY."
    out, _ = code(nlp, coder, caps, "Explosions/Remote violence", "Colombia")
    assert "Philippines" not in f"{out.actor1} {out.actor2}"
    mixed = "Cucuta (AFP) - Gunmen shot dead a shopkeeper near the market on Tuesday, police said."
    out, _ = code(nlp, coder, mixed, "Violence against civilians", "Colombia")
    assert "Philippines" not in f"{out.actor1} {out.actor2}"


def test_a_comma_inside_a_yaml_alias_does_not_split_it_into_words():
    raw = yaml.safe_load(read_text())
    for group in raw["groups"]:
        parts = (
            {p.strip() for p in group["name"].split(":")[-1].split(",")} if "," in group["name"] else set()
        )
        stray = parts & set(group.get("aliases") or [])
        assert not stray, f"{group['name']}: quote the alias that holds a comma, not {sorted(stray)}"


def test_named_groups_reads_the_whole_name_and_skips_words():
    from sitrep.extract.actors import named_groups

    text = (
        "   SAN SALVADOR, 4 APR 90 (AFP) -- [TEXT] LET US BE CLEAR, THE FARABUNDO\n"
        "MARTI NATIONAL LIBERATION FRONT SAID IN A COMMUNIQUE READ ON THE RADIO."
    )
    assert [entry.name for _, _, entry in named_groups(text)] == [
        "FMLN: Farabundo Marti National Liberation Front"
    ]
    assert [entry.name for _, _, entry in named_groups("LeT fighters crossed the line.")] == [
        "Lashkar-e-Taiba"
    ]
