"""North Rhine-Westphalia's municipalities and districts by their official key.

The table ``data/nrw-kommunen.csv`` (see the README next to it) holds the
396 municipalities and 31 Kreise with their AGS (Amtlicher
Gemeindeschlüssel), district and Regierungsbezirk. ``lookup`` finds a row
for the ways people write a name ("Stadt Köln", "Koeln", "Gemeinde Kirchhundem",
"Kreis Olpe", "Langenfeld (Rhld.)"); ``party_key`` gives the key under which
two names count as the same party: the AGS when the name is in the table,
the normalised text otherwise (associations, companies of municipalities
stay free text).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from ikz.landespreis.domain.names import normalise
from pathlib import Path

import csv
import re
import unicodedata


DATA = Path(__file__).resolve().parent.parent / "data" / "nrw-kommunen.csv"

KREISFREIE_STADT = "kreisfreie Stadt"
KREIS = "Kreis"
KREISANGEHOERIGE_GEMEINDE = "kreisangehörige Gemeinde"
REGIERUNGSBEZIRKE = ("Düsseldorf", "Köln", "Münster", "Detmold", "Arnsberg")

# Words before a municipality's name that do not belong to it.
MUNICIPALITY_PREFIXES = (
    "stadt",
    "gemeinde",
    "hansestadt",
    "kreisstadt",
    "grosse kreisstadt",
    "mittlere kreisangehoerige stadt",
    "grosse kreisangehoerige stadt",
    "kreisfreie stadt",
    "bundesstadt",
    "stadtverwaltung",
    "gemeindeverwaltung",
    "verwaltung der stadt",
    "verwaltung der gemeinde",
)
# Words before a district's name ("Kreis Olpe", "Kreisverwaltung Olpe").
DISTRICT_PREFIXES = ("kreis", "landkreis", "kreisverwaltung")
# "Köln, Stadt" as in the statistical offices' lists.
SUFFIXES = ("stadt", "gemeinde", "kreis")
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


@dataclass(frozen=True)
class Municipality:
    """One row of the table: a municipality or a district-level unit."""

    ags: str
    name: str
    kind: str
    kreis_ags: str
    kreis_name: str
    regierungsbezirk: str

    @property
    def is_municipality(self) -> bool:
        return self.kind != KREIS

    @property
    def is_district(self) -> bool:
        return self.kind in (KREIS, KREISFREIE_STADT)

    @property
    def display_name(self) -> str:
        """The name as a form would suggest it ("Stadt" is not added: the
        table does not say which municipalities are towns)."""
        return self.name

    @property
    def district_label(self) -> str:
        """The district, with "Stadt" for a kreisfreie Stadt ("Köln (Stadt)")."""
        if self.kind == KREISFREIE_STADT:
            return f"{self.kreis_name} (kreisfreie Stadt)"
        return self.kreis_name


def key(text: str | None) -> str:
    """Lower case, umlauts spelt out, accents and punctuation removed."""
    if not text:
        return ""
    value = unicodedata.normalize("NFC", str(text)).strip().lower()
    for umlaut, spelt in UMLAUTS.items():
        value = value.replace(umlaut, spelt)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = re.sub(r"[^\w\s-]", " ", value)
    value = value.replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", value).strip()


def _strip_parentheses(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _read(path: Path) -> tuple[Municipality, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Municipality(
                ags=row["ags"],
                name=row["name"],
                kind=row["kind"],
                kreis_ags=row["kreis_ags"],
                kreis_name=row["kreis_name"],
                regierungsbezirk=row["regierungsbezirk"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def rows() -> tuple[Municipality, ...]:
    """Every row of the table, sorted by AGS."""
    return _read(DATA)


@cache
def _index() -> tuple[dict[str, Municipality], dict[str, Municipality]]:
    """``(municipalities, districts)`` by lookup key."""
    municipalities: dict[str, Municipality] = {}
    districts: dict[str, Municipality] = {}
    for row in rows():
        if row.is_municipality:
            municipalities[key(row.name)] = row
        if row.kind == KREIS:
            full = key(row.name)
            districts[full] = row
            for prefix in ("kreis ", "staedteregion "):  # "Kreis Olpe" -> "olpe"
                if full.startswith(prefix):
                    districts.setdefault(full[len(prefix) :], row)
    # "Langenfeld" for "Langenfeld (Rhld.)", unless two rows would share it
    short: dict[str, list[Municipality]] = {}
    for row in rows():
        if row.is_municipality and "(" in row.name:
            short.setdefault(key(_strip_parentheses(row.name)), []).append(row)
    for name, found in short.items():
        if len(found) == 1:
            municipalities.setdefault(name, found[0])
    return municipalities, districts


def _without(text: str, prefixes: Iterable[str]) -> tuple[str, bool]:
    """``text`` without one of ``prefixes`` (longest first) and whether one
    was removed."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1 :], True
    return text, False


def lookup(name: str | None) -> Municipality | None:
    """The table's row for ``name``, or ``None`` when it is not in the table.

    "Stadt Köln", "Köln", "Koeln", "Köln, Stadt" and "kreisfreie Stadt Köln"
    find Köln; "Kreis Olpe" and "Kreisverwaltung Olpe" find the district,
    "Olpe" and "Stadt Olpe" the town; "Rhein-Kreis Neuss",
    "Hochsauerlandkreis" and "StädteRegion Aachen" find their districts.
    """
    text = key(name)
    if not text:
        return None
    municipalities, districts = _index()
    suffix = re.fullmatch(r"(.+?) (" + "|".join(SUFFIXES) + r")", text)
    candidates = [text, key(_strip_parentheses(str(name)))]
    if "," in str(name) and suffix:
        base, kind = suffix.group(1), suffix.group(2)
        candidates = [f"{kind} {base}", *candidates]
    for candidate in candidates:
        own = districts.get(candidate)
        if own is not None and key(own.name) == candidate:
            # a district's own full name ("Rhein-Kreis Neuss", "Kreis Olpe")
            return own
        rest, was_district = _without(candidate, DISTRICT_PREFIXES)
        if was_district:
            found = districts.get(rest)
            if found is not None:
                return found
            continue
        rest, _removed = _without(candidate, MUNICIPALITY_PREFIXES)
        if rest in municipalities:
            return municipalities[rest]
    return None


def party_key(name: str | None) -> str:
    """The key under which two names are the same party: ``"ags:<AGS>"``
    for a name in the table, the normalised text otherwise."""
    found = lookup(name)
    if found is not None:
        return "ags:" + found.ags
    return normalise(name)


def district(name: str | None) -> Municipality | None:
    """The district-level unit (Kreis or kreisfreie Stadt) of ``name``."""
    found = lookup(name)
    if found is None:
        return None
    return by_ags(found.kreis_ags)


def regierungsbezirk(name: str | None) -> str:
    """The administrative region of ``name`` ("" when not in the table)."""
    found = lookup(name)
    return found.regierungsbezirk if found is not None else ""


@cache
def _by_ags() -> dict[str, Municipality]:
    return {row.ags: row for row in rows()}


def by_ags(ags: str) -> Municipality | None:
    return _by_ags().get(ags)


def municipalities() -> list[Municipality]:
    """The 396 municipalities (kreisfreie Städte and kreisangehörige
    Gemeinden), sorted by name."""
    return sorted(
        (row for row in rows() if row.is_municipality), key=lambda r: key(r.name)
    )


def districts() -> list[Municipality]:
    """The 53 district-level units (31 Kreise, 22 kreisfreie Städte)."""
    return sorted((row for row in rows() if row.is_district), key=lambda r: key(r.name))


def suggestions() -> list[str]:
    """Names a form suggests: every municipality and every Kreis, sorted."""
    names = [row.name for row in municipalities()]
    names += [row.name for row in rows() if row.kind == KREIS]
    return sorted(set(names), key=key)
