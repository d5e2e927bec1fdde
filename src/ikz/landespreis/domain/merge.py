"""Field-level merge of two people saving the same draft at once.

Every save names the revision its author loaded (the *base*). Against it,
the server knows which fields this save changes (its value differs from
the base's) and which ones somebody else changed meanwhile (the current
value differs from the base's). The save applies only its own changes;
the others' changes stay. A field changed by both keeps the later save
(this one) and is reported with the other's value, so the page can show
it: no text is lost silently.

Values are compared as they are: the caller normalises them (an empty
text and an absent field must compare equal, e.g. both ``None``). A field
missing from a mapping is ``None``. These functions know nothing of Zope.
"""

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Generic
from typing import TypeVar


V = TypeVar("V")


@dataclass(frozen=True)
class Merge(Generic[V]):
    """The outcome of a save.

    ``values``: the new state (fields with ``None`` are absent);
    ``changed``: the fields this save changed;
    ``taken``: fields somebody else changed since the base that this save
    did not touch (the saver's page is behind in them: show the new value);
    ``overwritten``: fields changed by both, with the other's value that
    this save replaced (``None`` when the other had emptied it)."""

    values: dict[str, V]
    changed: tuple[str, ...] = ()
    taken: tuple[str, ...] = ()
    overwritten: dict[str, V | None] = field(default_factory=dict)


def _changes(
    base: Mapping[str, V] | None,
    current: Mapping[str, V],
    mine: Mapping[str, V | None],
) -> tuple[list[str], dict[str, V | None]]:
    """The fields ``mine`` changes, and those of them somebody else changed
    too (with the other's value)."""
    changed: list[str] = []
    overwritten: dict[str, V | None] = {}
    for name, value in mine.items():
        now = current.get(name)
        before = now if base is None else base.get(name)
        if base is not None and value == before:
            continue  # not changed by this save: keep whatever is there now
        if base is None and value == now:
            continue
        changed.append(name)
        if base is None or (now != before and now != value):
            overwritten[name] = now
    return changed, overwritten


def merge_fields(
    base: Mapping[str, V] | None,
    current: Mapping[str, V],
    mine: Mapping[str, V | None],
    order: Iterable[str] = (),
) -> Merge[V]:
    """Merge the save ``mine`` (only the fields it sends; ``None`` = empty)
    made against ``base`` into ``current``.

    ``base`` ``None`` means the base is unknown (older than the kept
    revisions): every field this save sends that differs from ``current``
    is applied and reported as overwritten, since nobody can tell whose
    change it was. ``order`` gives the fields' order for the reports
    (others follow alphabetically)."""
    position = {name: i for i, name in enumerate(order)}

    def ordered(names: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(names, key=lambda n: (position.get(n, len(position)), n)))

    changed, overwritten = _changes(base, current, mine)
    values = {k: v for k, v in current.items() if v is not None}
    for name in changed:
        value = mine[name]
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    taken = [
        name
        for name in set(current) | set(base or {})
        if base is not None
        and name not in changed
        and current.get(name) != base.get(name)
    ]
    return Merge(
        values=values,
        changed=ordered(changed),
        taken=ordered(taken),
        overwritten={name: overwritten[name] for name in ordered(overwritten)},
    )


def field_name(key: str, prefix: str = "form.widgets.") -> str:
    """The field a raw widget key belongs to: ``form.widgets.title`` ->
    ``title``; also for ``…:list``, ``…-empty-marker``, ``….year``;
    other keys are their own field."""
    if not key.startswith(prefix):
        return key
    rest = key[len(prefix) :].split(":")[0].removesuffix("-empty-marker")
    return rest.split(".")[0]


RawValue = str | list[str] | tuple[str, ...]
FieldValue = tuple[tuple[str, str | tuple[str, ...]], ...]


def _empty(key: str, value: object) -> bool:
    if key.endswith("-empty-marker"):
        return True  # says only that the widget was there
    if isinstance(value, (list, tuple)):
        return not any(v not in ("", "--NOVALUE--") for v in value)
    return value in (None, "")


def group_fields(
    raw: Mapping[str, RawValue], prefix: str = "form.widgets."
) -> dict[str, FieldValue | None]:
    """The raw widget values (as a browser sends them) by field, in a form
    :func:`merge_fields` compares: each field present in ``raw`` maps to
    its non-empty keys and values, sorted, or ``None`` when it is empty."""
    groups: dict[str, list[tuple[str, str | tuple[str, ...]]]] = {}
    for key, value in raw.items():
        items = groups.setdefault(field_name(key, prefix), [])
        if _empty(key, value):
            continue
        items.append((key, tuple(value) if isinstance(value, (list, tuple)) else value))
    return {name: (tuple(sorted(items)) or None) for name, items in groups.items()}


def ungroup(value: FieldValue | None) -> dict[str, str | tuple[str, ...]]:
    """The raw keys of a grouped field value."""
    return dict(value or ())


def text_of(value: FieldValue | None) -> str:
    """A field's grouped value as readable text (for the note)."""
    parts: list[str] = []
    for _key, item in value or ():
        if isinstance(item, tuple):
            parts.extend(v for v in item if v not in ("", "--NOVALUE--"))
        else:
            parts.append(item)
    return ", ".join(p for p in parts if p != "selected") or (
        "ja" if any(item == ("selected",) for _key, item in value or ()) else ""
    )
