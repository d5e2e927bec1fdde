"""The ranking maths of the jury (pure Python, standard library only).

Terms:

- ``criteria``: ``[(criterion_id, weight), ...]`` with ``weight > 0``.
- an *entry* is the scoring of one submission by one juror::

      {"submission": "s1", "category": "k1", "juror": "j1",
       "values": {"idea": 8, "impact": 6}, "final": True}

  Drafts (``final`` false) never enter the maths.
- a *final score* is the weighted score of a final entry in which every
  criterion has a value; a final entry with a missing value is not counted.

Decisions where the brief was open:

- Scores are compared after rounding to 3 places, so two scores that are
  displayed equal also share their rank (no ties hidden by float noise).
- If a juror has several entries for one submission, a final entry wins
  over a draft; among entries of the same kind the last one wins.
- A submission belongs to the category of its first entry.
- ``expected`` may omit submissions; those fall back to the default (the
  number of distinct jurors with any entry, drafts included).
"""

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from math import fsum
from math import sqrt
from typing import Any


PLACES = 3

#: ``[(criterion_id, weight), ...]``
Criteria = Iterable[tuple[str, float]]
#: one juror's scoring of one submission (see the module docstring)
Entry = Mapping[str, Any]
#: a compact record of one submission (see :func:`rank_records`)
Record = tuple[int, Sequence[tuple[str, Sequence[tuple[str, float]]]]]


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    # "+ 0.0" turns -0.0 into 0.0
    return round(value, PLACES) + 0.0


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean (``math.fsum``: exact sum, one rounding; the
    standard library's ``statistics.mean`` computes with fractions and is
    about 50 times slower, which 10,000 applications notice)."""
    return fsum(values) / len(values)


def pstdev(values: Sequence[float]) -> float:
    """The population standard deviation (two passes with ``math.fsum``)."""
    centre = mean(values)
    return sqrt(fsum((value - centre) ** 2 for value in values) / len(values))


def _check_criteria(criteria: Criteria) -> list[tuple[str, float]]:
    criteria = list(criteria)
    if not criteria:
        raise ValueError("At least one criterion is needed.")
    for cid, weight in criteria:
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise ValueError(f"The weight of {cid!r} is not a number.")
        if not weight > 0:  # also rejects NaN
            raise ValueError(f"The weight of {cid!r} must be greater than zero.")
    return criteria


def weighted_score(
    values: Mapping[str, float | None] | None, criteria: Criteria
) -> float | None:
    """``sum(w_i * v_i) / sum(w_i)`` over all criteria.

    ``None`` if any criterion has no value (missing key or ``None``).
    Values for unknown criterion ids are ignored. A weight of zero or
    less raises ``ValueError``.
    """
    return _weighted(values, _check_criteria(criteria))


def _weighted(
    values: Mapping[str, float | None] | None, criteria: list[tuple[str, float]]
) -> float | None:
    """:func:`weighted_score` with criteria already checked."""
    values = values or {}
    total = 0.0
    weights = 0.0
    for cid, weight in criteria:
        value = values.get(cid)
        if value is None:
            return None
        total += weight * value
        weights += weight
    return total / weights


def _latest(entries: Iterable[Entry]) -> dict[tuple[str, str], Entry]:
    """``{(submission, juror): entry}``; final beats draft, then last wins."""
    chosen: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = (entry["submission"], entry["juror"])
        previous = chosen.get(key)
        if previous is not None and previous.get("final") and not entry.get("final"):
            continue
        chosen[key] = entry
    return chosen


def _z_scores(raw: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Per-juror z-scores: ``{(submission, juror): z}``.

    ``raw`` is ``{(submission, juror): weighted score}`` of all final scores.
    """
    by_juror: dict[str, list[float]] = {}
    for (_submission, juror), value in raw.items():
        by_juror.setdefault(juror, []).append(value)
    stats: dict[str, tuple[float, float] | None] = {}
    for juror, values in by_juror.items():
        if len(values) < 2:
            stats[juror] = None
            continue
        sd = pstdev(values)
        stats[juror] = (mean(values), sd) if sd > 0 else None
    result = {}
    for (submission, juror), value in raw.items():
        stat = stats[juror]
        result[(submission, juror)] = (
            0.0 if stat is None else (value - stat[0]) / stat[1]
        )
    return result


def rank(
    entries: Iterable[Entry],
    criteria: Criteria,
    expected: Mapping[str, int] | None = None,
    normalise: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Rank the submissions per category; see the module docstring."""
    criteria = _check_criteria(criteria)
    expected = expected or {}

    entries = list(entries)  # may be a generator
    category_of: dict[str, str] = {}  # submission -> category (first entry wins)
    jurors_of: dict[str, set[str]] = {}  # submission -> set of jurors with any entry
    for entry in entries:
        submission = entry["submission"]
        category_of.setdefault(submission, entry["category"])
        jurors_of.setdefault(submission, set()).add(entry["juror"])
    finals: dict[str, list[tuple[str, Mapping[str, float | None]]]] = {}
    for (submission, juror), entry in _latest(entries).items():
        if entry.get("final"):
            finals.setdefault(submission, []).append((juror, entry.get("values") or {}))
    counts = {
        submission: int(
            expected[submission]
            if expected.get(submission) is not None
            else len(jurors_of[submission])
        )
        for submission in category_of
    }
    return _rank(category_of, finals, counts, criteria, normalise)


def rank_records(
    records: Mapping[str, Iterable[tuple[str, Record]]],
    criteria: Criteria,
    normalise: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """:func:`rank` over compact records, as the add-on keeps them per
    category: ``{category: [(submission, (expected, finals)), ...]}`` with
    ``finals`` a sequence of ``(juror, ((criterion, value), ...))``, one per
    final score (drafts are not in a record). Every submission of a record
    gets a row, also one without a final score. Same maths, same rows."""
    criteria = _check_criteria(criteria)
    category_of: dict[str, str] = {}
    finals: dict[str, list[tuple[str, Mapping[str, float | None]]]] = {}
    counts: dict[str, int] = {}
    for category, items in records.items():
        for submission, (count, scored) in items:
            category_of.setdefault(submission, category)
            counts[submission] = int(count)
            finals[submission] = [(juror, dict(values)) for juror, values in scored]
    return _rank(category_of, finals, counts, criteria, normalise)


def _rank(
    category_of: dict[str, str],
    finals: Mapping[str, list[tuple[str, Mapping[str, float | None]]]],
    expected: Mapping[str, int],
    criteria: list[tuple[str, float]],
    normalise: bool,
) -> dict[str, list[dict[str, Any]]]:
    """The maths of :func:`rank` and :func:`rank_records`."""
    raw = {}  # (submission, juror) -> weighted score of a final entry
    for submission, scored in finals.items():
        for juror, values in scored:
            value = _weighted(values, criteria)
            if value is not None:
                raw[(submission, juror)] = value
    used = _z_scores(raw) if normalise else raw
    keys_of: dict[
        str, list[tuple[str, str]]
    ] = {}  # submission -> its (submission, juror) keys with a final score
    for key in raw:
        keys_of.setdefault(key[0], []).append(key)

    rows_by_category: dict[str, list[dict[str, Any]]] = {}
    for submission, category in category_of.items():
        keys = sorted(keys_of.get(submission, ()))
        numbers = [used[key] for key in keys]
        rows_by_category.setdefault(category, []).append({
            "submission": submission,
            "rank": None,
            "score": _round(mean(numbers)) if numbers else None,
            "spread": _round(pstdev(numbers)) if numbers else None,
            "final_scores": len(numbers),
            "expected_scores": expected[submission],
            "tie": False,
            "jurors": {key[1]: _round(raw[key]) for key in keys},
            # what the score is made of: z-values when normalised, else raw
            "juror_values": {key[1]: _round(used[key]) for key in keys},
        })

    for rows in rows_by_category.values():
        _assign_ranks(rows)
    return rows_by_category


def _assign_ranks(rows: list[dict[str, Any]]) -> None:
    """Standard competition ranking ("1224") by score, descending."""
    scored = [row for row in rows if row["score"] is not None]
    unscored = [row for row in rows if row["score"] is None]
    scored.sort(key=lambda row: (-row["score"], row["submission"]))
    position = 0
    previous = None
    for index, row in enumerate(scored, start=1):
        if row["score"] != previous:
            position = index
            previous = row["score"]
        row["rank"] = position
    counts: dict[int, int] = {}
    for row in scored:
        counts[row["rank"]] = counts.get(row["rank"], 0) + 1
    for row in scored:
        row["tie"] = counts[row["rank"]] > 1
    unscored.sort(key=lambda row: row["submission"])
    rows[:] = scored + unscored


def outliers(values: Mapping[str, float], threshold: float) -> dict[str, float]:
    """Jurors whose score lies more than ``threshold`` away from the mean
    of the other jurors' scores of the same application: ``{juror:
    difference}`` (signed: above the others is positive). A discussion
    point, so only with at least three scores (two disagree symmetrically)."""
    if len(values) < 3:
        return {}
    result = {}
    total = sum(values.values())
    for juror, value in values.items():
        others = (total - value) / (len(values) - 1)
        difference = value - others
        if abs(difference) > threshold:
            result[juror] = round(difference, PLACES) + 0.0
    return result


def distribution(
    scorings: Iterable[Mapping[str, float | None]], criterion_ids: Iterable[str]
) -> dict[str, dict[float, int]]:
    """Per criterion how often each value was given: ``{criterion: {value:
    count}}`` over the given scorings (one juror's values for one
    application each), values in ascending order; missing values are
    skipped."""
    ids = list(criterion_ids)
    counts: dict[str, dict[float, int]] = {cid: {} for cid in ids}
    for values in scorings:
        for cid in ids:
            value = values.get(cid)
            if value is None:
                continue
            counts[cid][value] = counts[cid].get(value, 0) + 1
    return {cid: dict(sorted(found.items())) for cid, found in counts.items()}


def progress(
    entries: Iterable[Entry], expected: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """Per juror ``{"final": n, "draft": n}``.

    One count per juror and submission (a final entry wins over a draft).
    A final entry counts as final even if a value is missing. ``expected``
    (optional) is an iterable or mapping of juror ids that should appear
    even without any entry (they get zero counts).
    """
    result = {juror: {"final": 0, "draft": 0} for juror in (expected or ())}
    for (_submission, juror), entry in _latest(entries).items():
        counts = result.setdefault(juror, {"final": 0, "draft": 0})
        counts["final" if entry.get("final") else "draft"] += 1
    return result
