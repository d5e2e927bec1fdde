"""Normalised municipality names, so "Stadt Köln" and "koeln" compare equal."""

import re
import unicodedata


PREFIXES = (
    "stadt",
    "gemeinde",
    "kreis",
    "kreisstadt",
    "hansestadt",
    "landkreis",
    "rhein-kreis",
    "stadtverwaltung",
    "große kreisstadt",
    "grosse kreisstadt",
)
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def normalise(name: str | None) -> str:
    """Lower case, umlauts spelt out, administrative prefixes and
    punctuation removed, white space folded."""
    if not name:
        return ""
    text = unicodedata.normalize("NFC", str(name)).strip().lower()
    for umlaut, spelt in UMLAUTS.items():
        text = text.replace(umlaut, spelt)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    changed = True
    while changed:
        changed = False
        for prefix in sorted(PREFIXES, key=len, reverse=True):
            prefix = prefix.replace("ß", "ss")
            if text.startswith(prefix + " "):
                text = text[len(prefix) + 1 :]
                changed = True
    return text


def split_partners(text: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """Partner names from a text with one partner per line (or ; separated)."""
    if not text:
        return []
    items = text if isinstance(text, (list, tuple)) else re.split(r"[\n;]+", str(text))
    result = []
    seen = set()
    for item in items:
        item = re.sub(r"^\s*[-*•\d.)]+\s+", "", str(item)).strip()
        key = normalise(item)
        if item and key not in seen:
            seen.add(key)
            result.append(item)
    return result
