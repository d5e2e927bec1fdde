"""German formatting of dates, times and money for templates."""

from ikz.landespreis.domain.dates import to_berlin


MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def german_date(value):
    if value is None:
        return ""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def german_datetime(value):
    if value is None:
        return ""
    value = to_berlin(value)
    return f"{german_date(value)}, {value:%H:%M} Uhr"


def german_money(amount):
    if amount is None:
        return ""
    whole = f"{int(amount):,}".replace(",", ".")
    return f"{whole} €"


def german_duration(delta):
    days = delta.days
    hours = delta.seconds // 3600
    minutes = (delta.seconds % 3600) // 60
    if days:
        return f"{days} {'Tag' if days == 1 else 'Tage'}, {hours} Std."
    return f"{hours} Std., {minutes} Min."
