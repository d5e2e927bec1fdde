"""Versions of a submitted application: what changed from one to the next.

A version is a plain mapping of field name to value (texts, lists, dates,
flags; files as ``{"filename", "size", "sha256"}``). These functions know
nothing of Zope: they compare two such mappings for the office's view and
the audit trail.
"""

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One changed field: its name, German label and both values as text."""

    field: str
    label: str
    before: str
    after: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Mapping):
        name = str(value.get("filename") or "")
        checksum = str(value.get("sha256") or "")[:12]
        return f"{name} ({checksum}…)" if checksum else name
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    if hasattr(value, "strftime"):
        return str(value.strftime("%d.%m.%Y"))
    return str(value).strip()


def changed_fields(
    before: Mapping[str, object], after: Mapping[str, object]
) -> list[str]:
    """The names whose values differ (as shown to people), in the order
    of ``after`` and then of ``before``."""
    names = list(after) + [n for n in before if n not in after]
    return [n for n in names if _text(before.get(n)) != _text(after.get(n))]


def changes(
    before: Mapping[str, object],
    after: Mapping[str, object],
    labels: Sequence[tuple[str, str]] = (),
) -> list[Change]:
    """The differences of two versions, labelled (``labels`` pairs of
    field name and label, in the order to show; others follow)."""
    names = changed_fields(before, after)
    order = {name: i for i, (name, _label) in enumerate(labels)}
    label_of = dict(labels)
    names.sort(key=lambda n: order.get(n, len(order)))
    return [
        Change(n, label_of.get(n, n), _text(before.get(n)), _text(after.get(n)))
        for n in names
    ]
