"""Mail templates as plain data: placeholders, rendering, the HTML part.

A template is a subject and a plain-text body with placeholders written
``${name}``. Only the placeholders in :data:`PLACEHOLDERS` are allowed
(:func:`check` names the others in German, so a typo never reaches an
applicant as ``${refrence}``); ``$$`` is a literal dollar sign. The HTML
part is made from the text (:func:`html_from_text`): paragraphs, line
breaks and links to the web addresses the text contains, everything else
escaped.
"""

from html import escape
from string import Template

import re


#: placeholder -> German explanation (shown next to the editor)
PLACEHOLDERS: dict[str, str] = {
    "name": "Name der Ansprechperson bzw. des Jurymitglieds",
    "reference": "Aktenzeichen der Bewerbung",
    "title": "Titel des Projekts",
    "category": "Kategorie",
    "competition": "Titel des Wettbewerbs",
    "reason": "Begründung (Absage, Rücknahme)",
    "received": "Eingang der Bewerbung (Datum und Uhrzeit)",
    "submission_end": "Bewerbungsschluss",
    "jury_deadline": "Frist der Jury",
    "today": "heutiges Datum",
    "link": "persönlicher Link der Bewerbung",
    "pdf": "Hinweis auf die PDF-Kopie (beigefügt oder unter „Meine Bewerbung“)",
    "version": "Fassung der Bewerbung (1 beim Eingang, mit jeder Korrektur eine mehr)",
    "changed": "Geänderte Angaben (Bestätigung einer Korrektur)",
    "results_url": "Adresse der Ergebnisse (Preisträgerseite)",
    "jury_url": "Adresse des Jurybereichs",
    "count": "Zahl der offenen Bewertungen (Erinnerung an die Jury)",
    "event": "Titel der Sprechstunde",
    "when": "Datum und Uhrzeit der Sprechstunde",
    "event_url": "Adresse der Sprechstunde",
}

_NAMES = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)|\{(?P<braced>[^}]*)\}"
    r"|(?P<invalid>))",
    re.IGNORECASE,
)

MSG_UNKNOWN = "Unbekannte Platzhalter: {names}. Erlaubt sind: {allowed}."
MSG_BROKEN = (
    "Ein Dollarzeichen steht allein oder ein Platzhalter ist nicht geschlossen. "
    "Schreiben Sie Platzhalter als ${{name}} und ein Dollarzeichen als $$."
)
MSG_EMPTY = "Bitte geben Sie einen Betreff und einen Text an."


class TemplateError(ValueError):
    """A template the office cannot save; ``message`` is German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def placeholders(text: str) -> list[str]:
    """The placeholder names in ``text``, in order of appearance."""
    names = []
    for match in _NAMES.finditer(text or ""):
        name = match.group("named") or match.group("braced")
        if name is not None:
            names.append(name)
    return names


def check(subject: str, body: str) -> None:
    """Raise :class:`TemplateError` for an empty or broken template or one
    with unknown placeholders."""
    if not (subject or "").strip() or not (body or "").strip():
        raise TemplateError(MSG_EMPTY)
    for text in (subject, body):
        for match in _NAMES.finditer(text):
            if match.group("invalid") is not None:
                raise TemplateError(MSG_BROKEN)
    unknown = sorted(
        set(placeholders(subject) + placeholders(body)) - set(PLACEHOLDERS)
    )
    if unknown:
        raise TemplateError(
            MSG_UNKNOWN.format(
                names=", ".join("${" + n + "}" for n in unknown),
                allowed=", ".join("${" + n + "}" for n in PLACEHOLDERS),
            )
        )


def _one_line(value: object) -> str:
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(value if value is not None else ""))


def render(subject: str, body: str, values: dict[str, object]) -> tuple[str, str]:
    """Subject and body with the placeholders filled in. A missing value is
    empty; the subject stays on one line."""
    filled = {name: values.get(name, "") for name in PLACEHOLDERS}
    filled = {k: "" if v is None else v for k, v in filled.items()}
    text = Template(body.replace("\r\n", "\n")).safe_substitute(filled)
    line = Template(subject).safe_substitute({
        k: _one_line(v) for k, v in filled.items()
    })
    # blank lines left by an empty placeholder on a line of its own collapse
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return _one_line(line).strip(), text


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def _linked(line: str) -> str:
    parts = []
    position = 0
    for match in _URL.finditer(line):
        parts.append(escape(line[position : match.start()]))
        url = escape(match.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def html_from_text(text: str, title: str = "") -> str:
    """A small HTML document of ``text``: one paragraph per block, line
    breaks kept, web addresses as links, everything else escaped."""
    blocks = [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    paragraphs = "\n".join(
        "<p>"
        + "<br>\n".join(_linked(line) for line in block.strip().split("\n"))
        + "</p>"
        for block in blocks
    )
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n</head>\n"
        '<body style="font-family: Arial, Helvetica, sans-serif; line-height: 1.5">\n'
        f"{paragraphs}\n</body>\n</html>\n"
    )
