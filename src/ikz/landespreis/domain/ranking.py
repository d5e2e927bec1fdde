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
    """:func:`weighted_score` with criteria already checked. The sums are
    exact (``math.fsum``), so they do not depend on the order of the
    criteria, and :func:`_weighted_pairs` gives the same number."""
    values = values or {}
    products = []
    for cid, weight in criteria:
        value = values.get(cid)
        if value is None:
            return None
        products.append(weight * value)
    return fsum(products) / fsum(weight for _cid, weight in criteria)


def _weighted_pairs(
    pairs: Sequence[tuple[str, float]], weights: Mapping[str, float], total: float
) -> float | None:
    """:func:`_weighted` over a record's ``((criterion, value), ...)`` (each
    criterion at most once) with ``weights`` a dict of distinct criteria
    and ``total`` the exact sum of their weights: no dict per score."""
    products = []
    for cid, value in pairs:
        weight = weights.get(cid)
        if weight is None:
            continue
        if value is None:
            return None
        products.append(weight * value)
    if len(products) != len(weights):
        return None
    return fsum(products) / total


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
    weighted: dict[str, dict[str, float]] = {}
    for (submission, juror), entry in _latest(entries).items():
        if entry.get("final"):
            value = _weighted(entry.get("values"), criteria)
            if value is not None:
                weighted.setdefault(submission, {})[juror] = value
    counts = {
        submission: int(
            expected[submission]
            if expected.get(submission) is not None
            else len(jurors_of[submission])
        )
        for submission in category_of
    }
    return _rank(category_of, weighted, counts, normalise)


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
    weights = dict(criteria)
    if len(weights) != len(criteria):  # a criterion named twice counts twice
        return _rank_record_dicts(records, criteria, normalise)
    total = fsum(weights.values())
    category_of: dict[str, str] = {}
    weighted: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    # scores are few distinct tuples (integers on a rubric): each is
    # weighted once
    memo: dict[Any, float | None] = {}
    for category, items in records.items():
        for submission, (count, scored) in items:
            category_of.setdefault(submission, category)
            counts[submission] = int(count)
            by_juror = {}
            for juror, pairs in scored:
                try:
                    value = memo[pairs]
                except KeyError:
                    value = memo[pairs] = _weighted_pairs(pairs, weights, total)
                except TypeError:  # pairs in a list: not hashable
                    value = _weighted_pairs(pairs, weights, total)
                if value is not None:
                    by_juror[juror] = value
            weighted[submission] = by_juror
    return _rank(category_of, weighted, counts, normalise)


def _rank_record_dicts(
    records: Mapping[str, Iterable[tuple[str, Record]]],
    criteria: list[tuple[str, float]],
    normalise: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """:func:`rank_records` with each score read as a dict (criteria that
    name one criterion twice)."""
    category_of: dict[str, str] = {}
    weighted: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for category, items in records.items():
        for submission, (count, scored) in items:
            category_of.setdefault(submission, category)
            counts[submission] = int(count)
            by_juror = {}
            for juror, pairs in scored:
                value = _weighted(dict(pairs), criteria)
                if value is not None:
                    by_juror[juror] = value
            weighted[submission] = by_juror
    return _rank(category_of, weighted, counts, normalise)


def _rank(
    category_of: dict[str, str],
    scores: Mapping[str, Mapping[str, float]],
    expected: Mapping[str, int],
    normalise: bool,
) -> dict[str, list[dict[str, Any]]]:
    """The rows of :func:`rank` and :func:`rank_records` from ``scores``,
    ``{submission: {juror: weighted final score}}``.

    One pass (only when normalised) takes the jurors' means and
    deviations, a second builds the rows. It runs over every application
    of a competition at once (10,000 in the benchmark), so it builds no
    index it does not need."""
    weighted = {
        submission: sorted(by_juror.items())
        for submission, by_juror in scores.items()
        if by_juror
    }
    stats = _juror_stats(weighted) if normalise else None

    rows_by_category: dict[str, list[dict[str, Any]]] = {}
    places = PLACES
    for submission, category in category_of.items():
        pairs = weighted.get(submission)
        numbers: list[float] = []
        score: float | None = None
        spread: float | None = None
        jurors: dict[str, float] = {}
        juror_values: dict[str, float] = {}
        if pairs:
            jurors = {juror: round(value, places) + 0.0 for juror, value in pairs}
            if stats is None:
                numbers = [value for _juror, value in pairs]
                juror_values = dict(jurors)
            else:
                numbers = [_z(value, stats[juror]) for juror, value in pairs]
                juror_values = {
                    pair[0]: round(number, places) + 0.0
                    for pair, number in zip(pairs, numbers, strict=True)
                }
            score = round(mean(numbers), places) + 0.0
            spread = round(pstdev(numbers), places) + 0.0
        row = {
            "submission": submission,
            "rank": None,
            "score": score,
            "spread": spread,
            "final_scores": len(numbers),
            "expected_scores": expected[submission],
            "tie": False,
            "jurors": jurors,
            # what the score is made of: z-values when normalised, else raw
            "juror_values": juror_values,
        }
        rows = rows_by_category.get(category)
        if rows is None:
            rows = rows_by_category[category] = []
        rows.append(row)

    for rows in rows_by_category.values():
        _assign_ranks(rows)
    return rows_by_category


def _juror_stats(
    weighted: Mapping[str, list[tuple[str, float]]],
) -> dict[str, tuple[float, float] | None]:
    """Per juror ``(mean, standard deviation)`` of their final scores, or
    ``None`` for a juror with fewer than two scores or no spread (their
    z-values are 0)."""
    by_juror: dict[str, list[float]] = {}
    for pairs in weighted.values():
        for juror, value in pairs:
            values = by_juror.get(juror)
            if values is None:
                values = by_juror[juror] = []
            values.append(value)
    stats: dict[str, tuple[float, float] | None] = {}
    for juror, values in by_juror.items():
        if len(values) < 2:
            stats[juror] = None
            continue
        sd = pstdev(values)
        stats[juror] = (mean(values), sd) if sd > 0 else None
    return stats


def _z(value: float, stat: tuple[float, float] | None) -> float:
    return 0.0 if stat is None else (value - stat[0]) / stat[1]


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
