"""``@jury-session`` on a competition: the jury session (GET), opening,
preview and closing (POST), the records of a category (PATCH); the rules
are in ``ikz.landespreis.jury.session``."""

from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import session
from plone import api


def describe(competition):
    """The session for the current user: an application on which the user
    has a conflict of interest shows its reference only."""
    data = session.get(competition)
    if data is None:
        return {"state": None, "categories": [], "minutes": None}
    me = api.user.get_current().getId()
    catalog = api.portal.get_tool("portal_catalog")
    categories = []
    for cat in session.categories(competition):
        stored = data["categories"].get(cat["id"]) or {"entries": {}, "reason": ""}
        rows = []
        for row in cat["rows"]:
            brains = catalog.unrestrictedSearchResults(UID=row["submission"])
            obj = brains[0]._unrestrictedGetObject() if brains else None
            blocked = obj is not None and conflicts.is_blocked(obj, me)
            entry = dict(stored["entries"].get(row["submission"]) or {})
            item = {
                "uid": row["submission"],
                "reference": row["reference"],
                "rank": row.get("rank"),
                "score": row.get("score"),
                "conflict": blocked,
            }
            if not blocked:
                item.update(
                    title=row["title"],
                    result=entry.get("result", ""),
                    vote=entry.get("vote", ""),
                    notes=entry.get("notes", ""),
                    laudatio=entry.get("laudatio", ""),
                )
            rows.append(item)
        categories.append({
            "id": cat["id"],
            "title": cat["title"],
            "reason": stored.get("reason", ""),
            "applications": rows,
        })
    return {
        "state": data["state"],
        "date": data["date"],
        "attendees": [
            {
                "id": u,
                "name": membership.full_name(u),
                "present": u in data["present"],
            }
            for u in data["attendees"]
        ],
        "categories": categories,
        "signed": list(data.get("signed", [])),
        "minutes": (
            competition.absolute_url() + "/@@jurysitzung-protokoll"
            if data.get("minutes") is not None
            else None
        ),
    }
