"""``@mail-log`` on a competition: every mail about it and its applications
(GET, filters ``state`` and ``reference``) and the resend of one or every
failed mail (POST ``@mail-log/resend``), as ``@@mail-log``."""


def describe(item):
    """An entry of :func:`ikz.landespreis.office.release.log` as JSON."""
    return dict(item, time=item["time"].isoformat())
