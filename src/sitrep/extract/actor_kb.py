"""The actor knowledge base (knowledge/actors.yaml), loaded and indexed for matching.

The YAML holds templates for generic actors, per-country facts, agent nouns, associated actors and
named groups; this module checks its shape (`validate`), generates the per-country generic actors
from pycountry, and builds one alias index for the matcher in `actors.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

INTER_CODES = frozenset(range(1, 9))
TEMPLATE_KEYS = (
    "military",
    "police",
    "government",
    "civilians",
    "protesters",
    "rioters",
    "armed_group",
    "communal_militia",
    "gang",
    "clan_militia",
    "tribal_militia",
    "prisoners",
)
STATE_TEMPLATES = frozenset({"military", "police", "government"})
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str  # ACLED's short name, e.g. "Democratic Republic of Congo"
    the: bool = False
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    # Who is coded for a killing with organised-crime hallmarks when nobody is named (a drive-by, a bound
    # body), e.g. "Unidentified Gang ({country})"; None where such killings stay an armed group's.
    crime_actor: str | None = None


@dataclass(frozen=True)
class ActorEntry:
    """One canonical actor: a named group, or a generic actor of one country."""

    name: str
    inter: int
    kind: str  # "group" or "generic"
    template: str | None = None  # the generic template key, e.g. "military"
    countries: tuple[str, ...] = ()  # home countries, ISO alpha-3
    state: bool = False
    regional: str | None = None  # "Islamic State ({country})": the branch of the event's country
    # A coalition operation: these states' own forces acting in `operation_in` are coded as the operation.
    operation_in: str | None = None
    operation_forces: tuple[str, ...] = ()

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None


@dataclass(frozen=True)
class Associate:
    """A unit, profession or community that accompanies a generic actor ("Health Workers (Israel)")."""

    name: str  # may hold {country} / {of}
    with_templates: tuple[str, ...]
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alias:
    """One surface form in the index, with what it points to."""

    text: str
    case_sensitive: bool
    kind: str  # "group", "agent", "associate", "country"
    target: Any  # ActorEntry | template key | Associate | iso3


@dataclass(frozen=True)
class Front:
    """A standing front line in `country` between its military and `opponent`: firing that ceasefire
    monitors record there (`cues`) without saying who fired is coded as between those two."""

    country: str
    opponent: str  # canonical name of a group under `groups`
    cues: tuple[str, ...]
    # Settlements each side holds (`held: {state: [...], opponent: [...]}`). Monitors count fire near a
    # settlement; fire landing near one side's ground is coded as the other side's, as ACLED does.
    state_held: tuple[str, ...] = ()
    opponent_held: tuple[str, ...] = ()


@dataclass
class ActorKB:
    templates: dict[str, tuple[str, int]]
    countries: dict[str, Country]
    groups: list[ActorEntry]
    associates: list[Associate]
    agents: dict[str, str]  # lower-cased agent noun → template key
    caps_stopwords: frozenset[str]
    communities: frozenset[str] = frozenset()
    fronts: dict[str, Front] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    _country_by_word: dict[str, str] = field(default_factory=dict)
    _by_name: dict[str, ActorEntry] = field(default_factory=dict)

    def country(self, iso3: str | None) -> Country | None:
        return self.countries.get(iso3) if iso3 else None

    def iso3_for(self, word: str | None) -> str | None:
        """The ISO code for a country name, alternative name, demonym or code, if known."""
        if not word:
            return None
        word = word.strip()
        if _ISO3.match(word) and word in self.countries:
            return word
        return self._country_by_word.get(word.lower())

    def generic(self, template: str, iso3: str | None) -> ActorEntry | None:
        """The generic actor of a country, e.g. ("military", "PAK") → Military Forces of Pakistan."""
        country = self.country(iso3)
        if country is None or template not in self.templates:
            return None
        pattern, inter = self.templates[template]
        name = fill(pattern, country)
        return ActorEntry(
            name=name,
            inter=inter,
            kind="generic",
            template=template,
            countries=(country.iso3,),
            state=template in STATE_TEMPLATES,
        )

    def crime(self, iso3: str | None) -> ActorEntry | None:
        """The unnamed perpetrator of an organised-crime-style killing in `iso3`, where the country has one
        (Mexico → Unidentified Gang (Mexico)); None elsewhere."""
        country = self.country(iso3)
        if country is None or not country.crime_actor:
            return None
        return ActorEntry(
            name=fill(country.crime_actor, country),
            inter=3,
            kind="generic",
            template="gang",
            countries=(country.iso3,),
        )

    def by_name(self, name: str) -> ActorEntry | None:
        """A named group by canonical name (case-insensitive)."""
        return self._by_name.get(name.lower())

    def operation(self, entry: ActorEntry, iso3: str | None) -> ActorEntry | None:
        """The coalition operation a state's military takes part in when acting in `iso3`, if any
        (Saudi forces in Yemen → Operation Restoring Hope)."""
        if not iso3 or entry.template != "military" or not entry.countries:
            return None
        home = entry.countries[0]
        return next(
            (g for g in self.groups if g.operation_in == iso3 and home in g.operation_forces),
            None,
        )

    def link(self, text: str, iso3: str | None = None) -> ActorEntry | None:
        """Link a free-text actor name (e.g. a gold label) to a canonical entry, or None."""
        key = text.strip().lower()
        if key in self._by_name:
            return self._by_name[key]
        for alias in self.aliases:
            if alias.kind == "group" and alias.text.lower() == key:
                return alias.target
        return None


def fill(pattern: str, country: Country) -> str:
    return pattern.replace("{of}", "the " if country.the else "").replace("{country}", country.name)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def validate(raw: Any) -> list[str]:
    """Problems with the shape of an actors.yaml document; an empty list means it is well-formed."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        return ["the document is not a mapping"]
    for key in ("templates", "countries", "agents", "associates", "groups"):
        if key not in raw:
            problems.append(f"missing top-level key {key!r}")
    templates = raw.get("templates") or {}
    for key, spec in templates.items():
        if not isinstance(spec, dict) or "name" not in spec or spec.get("inter") not in INTER_CODES:
            problems.append(f"template {key!r} needs a name and an inter code 1-8")
        elif "{country}" not in spec["name"]:
            problems.append(f"template {key!r} name lacks {{country}}")
    for iso3, spec in (raw.get("countries") or {}).items():
        if not _ISO3.match(str(iso3)):
            problems.append(f"country key {iso3!r} is not an ISO alpha-3 code")
        if not isinstance(spec, dict):
            problems.append(f"country {iso3!r} is not a mapping")
            continue
        unknown = set(spec) - {"name", "the", "names", "demonyms", "forces", "crime_actor"}
        if not isinstance(spec.get("crime_actor") or "", str):
            problems.append(f"country {iso3!r}: crime_actor must be a name")
        for key, words in (spec.get("forces") or {}).items():
            if key not in STATE_TEMPLATES or not isinstance(words, list):
                problems.append(
                    f"country {iso3!r}: forces.{key} must be a list under military/police/government"
                )
        if unknown:
            problems.append(f"country {iso3!r} has unknown fields {sorted(unknown)}")
    for key, words in (raw.get("agents") or {}).items():
        if key not in templates:
            problems.append(f"agent list {key!r} names no template")
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(f"agent list {key!r} must be a list of words")
    if not all(isinstance(c, str) for c in raw.get("communities") or []):
        problems.append("communities must be a list of names")
    for i, spec in enumerate(raw.get("associates") or []):
        if not isinstance(spec, dict) or not spec.get("name") or not spec.get("aliases"):
            problems.append(f"associate #{i} needs a name and aliases")
            continue
        for tpl in _as_tuple(spec.get("with")):
            if tpl not in templates:
                problems.append(f"associate {spec['name']!r}: unknown template {tpl!r}")
    seen: dict[str, str] = {}
    countries = set((raw.get("countries") or {}).keys())
    for i, spec in enumerate(raw.get("groups") or []):
        if not isinstance(spec, dict) or not spec.get("name"):
            problems.append(f"group #{i} has no name")
            continue
        name = spec["name"]
        unknown = set(spec) - {"name", "aliases", "country", "inter", "state", "regional", "operation"}
        if unknown:
            problems.append(f"group {name!r} has unknown fields {sorted(unknown)}")
        operation = spec.get("operation")
        if operation is not None and (
            not isinstance(operation, dict)
            or set(operation) != {"in", "forces"}
            or not all(_ISO3.match(str(c)) for c in (operation["in"], *_as_tuple(operation["forces"])))
        ):
            problems.append(f"group {name!r}: operation needs 'in' and 'forces' as ISO alpha-3 codes")
        if spec.get("inter") not in INTER_CODES:
            problems.append(f"group {name!r}: inter must be 1-8, got {spec.get('inter')!r}")
        for code in _as_tuple(spec.get("country")):
            if not _ISO3.match(code):
                problems.append(f"group {name!r}: country {code!r} is not ISO alpha-3")
            elif code not in countries and _pycountry_name(code) is None:
                problems.append(f"group {name!r}: unknown country {code!r}")
        if not isinstance(spec.get("aliases", []), list):
            problems.append(f"group {name!r}: aliases must be a list")
        if name.lower() in seen:
            problems.append(f"group {name!r} is listed twice")
        seen[name.lower()] = name
    for i, spec in enumerate(raw.get("fronts") or []):
        held = spec.get("held", {}) if isinstance(spec, dict) else {}
        if (
            not isinstance(spec, dict)
            or not {"country", "opponent", "cues"} <= set(spec) <= {"country", "opponent", "cues", "held"}
            or not isinstance(held, dict)
            or not set(held) <= {"state", "opponent"}
            or not all(isinstance(v, list) for v in held.values())
            or not _ISO3.match(str(spec.get("country")))
            or not isinstance(spec.get("cues"), list)
            or not spec["cues"]
        ):
            problems.append(f"front #{i} needs country (ISO alpha-3), opponent and a list of cues")
        elif str(spec["opponent"]).lower() not in seen:
            problems.append(f"front #{i}: opponent {spec['opponent']!r} is not a group")
    return problems


def _pycountry_name(iso3: str) -> str | None:
    import pycountry

    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        return None
    return getattr(record, "common_name", None) or record.name


def _countries(raw: dict[str, Any]) -> dict[str, Country]:
    import pycountry

    out: dict[str, Country] = {}
    overrides = raw.get("countries") or {}
    codes = [c.alpha_3 for c in pycountry.countries] + [
        k for k in overrides if pycountry.countries.get(alpha_3=k) is None
    ]
    for code in codes:
        spec = overrides.get(code) or {}
        name = spec.get("name") or _pycountry_name(code) or code
        official = _pycountry_name(code)
        names = set(_as_tuple(spec.get("names")))
        if official and official != name:
            names.add(official)
        record = pycountry.countries.get(alpha_3=code)
        if record is not None and record.name != name:
            names.add(record.name)
        out[code] = Country(
            iso3=code,
            name=name,
            the=bool(spec.get("the")),
            names=tuple(sorted(names)),
            demonyms=_as_tuple(spec.get("demonyms")),
            crime_actor=spec.get("crime_actor"),
        )
    return out


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _case_matters(alias: str) -> bool:
    """Whether the alias must match in its written case: short acronyms ("TTP", not "ttp") and short
    abbreviations with an inner capital ("LeT", not the verb "let")."""
    letters = [c for c in alias if c.isalpha()]
    if not letters or len(alias.replace(".", "")) > 5:
        return False
    inner_capital = " " not in alias and alias[:1].isupper() and any(c.isupper() for c in alias[1:])
    return _is_acronym(alias) or inner_capital


def build(raw: dict[str, Any]) -> ActorKB:
    problems = validate(raw)
    if problems:
        raise ValueError("actors.yaml is malformed: " + "; ".join(problems[:10]))
    templates = {k: (v["name"], int(v["inter"])) for k, v in raw["templates"].items()}
    countries = _countries(raw)
    groups = [
        ActorEntry(
            name=g["name"],
            inter=int(g["inter"]),
            kind="group",
            countries=_as_tuple(g.get("country")),
            state=bool(g.get("state")),
            regional=g.get("regional"),
            operation_in=(g.get("operation") or {}).get("in"),
            operation_forces=_as_tuple((g.get("operation") or {}).get("forces")),
        )
        for g in raw["groups"]
    ]
    associates = [
        Associate(
            name=a["name"],
            with_templates=_as_tuple(a.get("with")),
            country=a.get("country"),
            aliases=_as_tuple(a.get("aliases")),
        )
        for a in raw["associates"]
    ]
    agents = {w.lower(): key for key, words in raw["agents"].items() for w in words}
    kb = ActorKB(
        templates=templates,
        countries=countries,
        groups=groups,
        associates=associates,
        agents=agents,
        caps_stopwords=frozenset(raw.get("caps_stopwords") or ()),
        communities=frozenset(raw.get("communities") or ()),
        fronts={
            f["country"]: Front(
                f["country"],
                f["opponent"],
                _as_tuple(f["cues"]),
                _as_tuple((f.get("held") or {}).get("state") or []),
                _as_tuple((f.get("held") or {}).get("opponent") or []),
            )
            for f in raw.get("fronts") or []
        },
    )
    for code, country in list(countries.items()):
        # "Curacao" for "Curaçao", "Cote d'Ivoire" for "Côte d'Ivoire": texts often drop accents.
        plain = tuple(
            sorted({_plain(n) for n in (country.name, *country.names)} - {country.name, *country.names})
        )
        if plain:
            countries[code] = Country(
                country.iso3,
                country.name,
                country.the,
                country.names + plain,
                country.demonyms,
                country.crime_actor,
            )
    for country in countries.values():
        for word in (country.name, *country.names, *country.demonyms):
            kb._country_by_word.setdefault(word.lower(), country.iso3)
    for code, spec in (raw.get("countries") or {}).items():
        for key, words in (spec.get("forces") or {}).items():
            entry = kb.generic(key, code)
            for word in words:
                kb.aliases.append(Alias(word, _case_matters(word), "group", entry))
    # Generated state names ("Military Forces of Armenia") also appear verbatim in notes; index them.
    for country in countries.values():
        for key in ("military", "police", "government"):
            entry = kb.generic(key, country.iso3)
            if entry is not None:
                kb.aliases.append(Alias(entry.name, False, "group", entry))
                if country.the:
                    kb.aliases.append(Alias(entry.name.replace(" the ", " ", 1), False, "group", entry))
    for entry, spec in zip(groups, raw["groups"], strict=True):
        kb._by_name[entry.name.lower()] = entry
        forms = {entry.name, *(_as_tuple(spec.get("aliases")))}
        # "TTP: Tehreek-e-Taliban Pakistan" → both halves are names too; not a joint "A and/or B" name,
        # whose first half is one of the two groups.
        if ": " in entry.name and " and/or " not in entry.name:
            forms.update(part.strip() for part in entry.name.split(": ", 1))
        for form in forms:
            kb.aliases.append(Alias(form, _case_matters(form), "group", entry))
    for assoc in associates:
        for form in assoc.aliases:
            kb.aliases.append(Alias(form, _case_matters(form), "associate", assoc))
    for word, key in agents.items():
        original = next(w for w in raw["agents"][key] if w.lower() == word)
        kb.aliases.append(Alias(original, _case_matters(original), "agent", key))
    for country in countries.values():
        for word in (country.name, *country.names, *country.demonyms):
            kb.aliases.append(Alias(word, _case_matters(word), "country", country.iso3))
    return kb


def read_text() -> str:
    return resources.files("sitrep.knowledge").joinpath("actors.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """The packaged knowledge base, parsed once per process."""
    return build(yaml.safe_load(read_text()))
