"""``@jury-decision`` on a category: the signed decision, its preview and
the signature (a first POST previews, a second with ``confirm`` signs)."""

from zope.i18n import translate


def refusal(view, refused):
    """A German error body for a ``service.Refused``."""
    view.request.response.setStatus(refused.status)
    kind = {400: "BadRequest", 403: "Forbidden", 409: "Conflict"}.get(
        refused.status, "BadRequest"
    )
    return {
        "error": {
            "type": kind,
            "message": translate(refused.message, context=view.request),
        }
    }


def described(view, category, data):
    """A decision or preview with ``@id``s and references for people."""
    rows = {row["submission"]: row for row in data["ranking"]}

    def item(uid):
        row = rows.get(uid, {})
        return {
            "uid": uid,
            "reference": row.get("reference"),
            "title": row.get("title"),
            "rank": row.get("rank"),
            "score": row.get("score"),
            "laudatio": data.get("laudatio", {}).get(uid, ""),
        }

    result = dict(data)
    result["winners"] = [item(uid) for uid in data.get("winners", [])]
    result["nominees"] = [item(uid) for uid in data.get("nominees", [])]
    return result
