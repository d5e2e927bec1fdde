from ikz.landespreis.domain.dates import to_berlin


DATETIME_FIELDS = (
    "submission_start",
    "submission_end",
    "jury_deadline",
    "ceremony_date",
)


def localise_dates(competition, event):
    """Store the competition's datetimes timezone-aware in German time.

    Forms deliver naive wall-clock values; an editor in Düsseldorf means
    German time, in winter and in summer.
    """
    for name in DATETIME_FIELDS:
        value = getattr(competition, name, None)
        if value is not None and value.tzinfo is None:
            setattr(competition, name, to_berlin(value))
