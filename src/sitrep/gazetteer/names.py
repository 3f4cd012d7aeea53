"""How place names are compared: one folded key per name, and the display form of admin names.

Keys fold accents, case and punctuation so that "Sīstān", "SISTAN" and "Sistan" meet, and so that an
upper-case dateline ("QUETTA, Nov 20") finds the same entry as running text.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": "", "`": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": ""})
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
_NATIVE_TYPE_WORDS = frozenset(
    {
        "oblast",
        "okrug",
        "ostan",
        "vilayet",
        "gobolka",
        "nomos",
        "kraj",
        "megye",
        "wojewodztwo",
        "voivodeship",
        "rayon",
        "raion",
        "shahrestan",
        "muhafazat",
        "respublika",
        "avtonomna",
        "iqlim",
        "ostani",
        "shahri",
    }
)

# Words that name the kind of an admin area. ACLED writes "Quetta", not "Quetta District".
ADMIN_SUFFIXES = frozenset(
    {
        "district",
        "province",
        "governorate",
        "region",
        "prefecture",
        "department",
        "oblast",
        "division",
        "municipality",
        "upazila",
        "tehsil",
        "county",
        "zila",
        "sub-district",
        "krai",
        "raion",
        "rayon",
        "municipio",
        "departamento",
        "provincia",
        "wilaya",
        "muhafazah",
        "emirate",
        "agency",
        "area",
        "territory",
        "city",
        "sheng",
        "shi",
        # GeoNames' legal forms after the name: "Ansongo Cercle", "Carsamba Ilcesi", "Nelson Mandela Bay
        # Metropolitan Municipality", "Maktaaral Audany"; ACLED and the news write the bare name
        "cercle",
        "ilcesi",
        "metropolitan",
        "audany",
        "tumani",
        "regency",
        # Russian legal forms of a city district: "Kyzylorda Gorodskaya Administratsiya" (city administration)
        "gorodskaya",
        "administratsiya",
    }
)

# Combining marks that GeoNames uses for scholarly transliteration (macron, dot below, ...): a name
# carrying them ("Sīstān va Balūchestān") is not how news or ACLED spell it.
_TRANSLITERATION_MARKS = frozenset({"\u0304", "\u0323", "\u0331", "\u0306", "\u0307", "\u0328"})


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "Dera Ismā‘īl Khān" → "dera ismail khan"."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", text).strip()


class FoldedText:
    """`fold` of every slice of one text, folding each character once: all-capitals wire copy makes every
    token start a run of candidate names, and folding each candidate anew dominated recognition time.

    `FoldedText(t).key(i, j) == fold(t[i:j])` for slices that start and end on a word character
    (the first and last character of a token)."""

    __slots__ = ("_folded", "_pos")

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        pos: list[int] = []
        length = 0
        in_gap = False
        for c in text:
            pos.append(length)
            for x in _fold_char(c):  # "ß" gives two letters, "½" letters and a space
                if x != " ":
                    pieces.append(x)
                    length += 1
                    in_gap = False
                elif not in_gap:
                    pieces.append(" ")
                    length += 1
                    in_gap = True
        pos.append(length)
        self._folded = "".join(pieces)
        self._pos = pos

    def key(self, start: int, stop: int) -> str:
        return self._folded[self._pos[start] : self._pos[stop]].strip()


_CHAR_FOLDS: dict[str, str] = {}


def _fold_char(c: str) -> str:
    """One character's part of `fold`: letters and digits folded, apostrophes gone, the rest a space."""
    found = _CHAR_FOLDS.get(c)
    if found is None:
        text = unicodedata.normalize("NFKD", c.translate(_APOSTROPHES).translate(_LETTERS))
        text = "".join(x for x in text if not unicodedata.combining(x)).lower()
        found = _CHAR_FOLDS[c] = "" if not text else _NON_WORD.sub(" ", text)
    return found


_ARABIC_ARTICLE = re.compile(r"^(?:al|el|as|az|ad|ar|an|at|ash|ad|ed|es|ez|er|et) ")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """A folded name's consonant skeleton, for transliteration variants: "qalqiliyah" and "qalqilyah",
    "bobruysk" and "babruysk", "ain oussera" and "ain oussara" meet. "" when too short to be safe."""
    text = _ARABIC_ARTICLE.sub("", key)
    for old, new in (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ph", "f"), ("ou", "u"), ("x", "ks")):
        text = text.replace(old, new)
    text = text.replace(" ", "").replace("q", "k").replace("w", "v").replace("j", "dj")
    text = _REPEATS.sub(r"\1", text[:1] + _VOWELS.sub("", text[1:]))
    return "~" + text if len(text) >= 4 else ""


# "Circunscrição de Palma", "Provincia de Buenos Aires": the kind word comes first in some languages
_ADMIN_PREFIXES = frozenset(
    {
        "provincia",
        "departamento",
        "municipio",
        "wilayat",
        "muhafazat",
        "circunscricao",
        "circunscrição",
        "distrito",
        "regiao",
        "região",
        "comuna",
        "canton",
        "cercle",
        # the same legal forms before the name: "Partido de La Plata", "Bashkia Tirane", "Kabupaten
        # Bantul", "Caza de Tyr", "Commune of Makamba", "Grad Sibenik", "Amphoe Bannang Sata". Not
        # "Kota", which also begins real names (Kota Bharu, Kota Kinabalu)
        "partido",
        "departement",
        "bashkia",
        "kabupaten",
        "caza",
        "qada",
        "commune",
        "grad",
        "horad",
        "amphoe",
        "huyen",
        "powiat",
        "obshtina",
        "okres",
        "daira",
        "markaz",
        "municipiul",
        "nohiyai",
        # "Nefat Tel Aviv" (Hebrew: subdistrict), "Mudiriyat Kassala" (Arabic: administration), "Nomos
        # Larisis", "Nomarchia Athinas" (Greek: prefecture): the name after the kind word is the area's
        "nefat",
        "nafat",
        "mudiriyat",
        "nomos",
        "nomarchia",
    }
)
# words that join a leading kind word to the name: "Partido de La Plata", "Commune of Makamba"
_PREFIX_JOINERS = frozenset({"de", "del", "di", "of", "do", "da", "du", "des"})


def strip_admin_suffix(name: str, kind: str | None = None) -> str:
    """ "Bannu District" → "Bannu"; "Free State" stays (its last word is part of the name). Kind words
    are stripped until the name itself is left: "iLembe District Municipality" → "iLembe"."""
    words = name.split()
    while len(words) >= 2:
        last = words[-1].lower().strip(".,")
        if last in ADMIN_SUFFIXES or (kind is not None and last == kind.lower()):
            words = words[:-1]
            continue
        if words[0].lower() in _ADMIN_PREFIXES:
            # "Provincia de Buenos Aires" → "Buenos Aires", "Bashkia Tirane" → "Tirane"
            rest = words[1:]
            if rest[0].lower() in _PREFIX_JOINERS:
                rest = rest[1:]
            if rest:
                words = rest
                continue
        break
    return " ".join(words)


def is_transliterated(name: str) -> bool:
    decomposed = unicodedata.normalize("NFD", name)
    return any(c in _TRANSLITERATION_MARKS for c in decomposed)


def is_latin(name: str) -> bool:
    """Latin script (accents allowed): the only names English news text can contain."""
    for c in name:
        if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
            return False
    return True


def ascii_name(name: str) -> str:
    """ "Aydın" → "Aydin": ACLED and most English news print place names without diacritics."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'").replace("‘", "'")


_ENGLISH_QUALIFIERS = frozenset(
    {
        "lower",
        "upper",
        "middle",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "far",
    }
)


def _plain(alias: str) -> bool:
    """An alias fit to print: ASCII, capitalised, not a code, not carrying a kind word."""
    words = {w.lower() for w in alias.split()}
    return (
        alias.isascii()
        and alias[:1].isupper()
        and not alias.isupper()
        and not words & _NATIVE_TYPE_WORDS
        and not words & ADMIN_SUFFIXES
    )


def display_name(name: str, aliases: list[str], kind: str | None = None, admin: bool = True) -> str:
    """The name to print: GeoNames' primary name is often the local form ("Attikí", "Luhanska oblast");
    an English news reader knows the plain alias ("Attica", "Luhansk"). No diacritics, no "District".

    A town keeps its own name with the accents dropped ("León" → "Leon") unless that name is in another
    script or a scholarly transliteration: its alternates include airport codes and other languages."""
    words = {w.lower().strip(".,") for w in name.split()}
    swap = not is_latin(name) or is_transliterated(name)
    if admin:
        swap = swap or not name.isascii() or bool(words & _NATIVE_TYPE_WORDS)
        english = [a for a in aliases if _plain(a) and {w.lower() for w in a.split()} & _ENGLISH_QUALIFIERS]
        if english and not words & _ENGLISH_QUALIFIERS:
            # "Jubbada Hoose" is "Lower Juba", "Shabeellaha Dhexe" "Middle Shabele" in English news
            return strip_admin_suffix(ascii_name(english[0]), kind)
    if swap:
        name = next((a for a in aliases if _plain(a)), name)
    return strip_admin_suffix(ascii_name(name), kind) if admin else ascii_name(name)
