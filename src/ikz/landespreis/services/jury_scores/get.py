"""GET ``@jury-scores`` on a submission: its scores for those who may see them."""

from ikz.landespreis import _
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import scores
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.services.errors import error
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from plone import api
from plone.restapi.services import Service


MSG_NO_JURY_ACCESS = _(
    "msg_rest_no_jury_access",
    default="You have no jury access to this application.",
)

MSG_CONFLICTED = _(
    "msg_rest_scores_conflicted",
    default="You have a conflict of interest on this application: its scores "
    "are not shown to you.",
)


class JuryScoresGet(Service):
    """Jury access to this application (the local role Juror on it) or
    every score (ViewAllScores); nobody else, however public the
    application; never to someone with a conflict on it (also not to the
    chair)."""

    def reply(self):
        if conflicts.is_blocked(self.context, current_user_id()):
            return error(self, 403, MSG_CONFLICTED, kind="Forbidden")
        competition = find_competition(self.context)
        records = scores.records(self.context)
        if api.user.has_permission(ViewAllScores, obj=competition):
            items = [r.as_dict() for r in records.values()]
        elif "Juror" in api.user.get_roles(obj=self.context):
            mine = records.get(current_user_id())
            items = [mine.as_dict()] if mine is not None else []
        else:
            return error(self, 403, MSG_NO_JURY_ACCESS, kind="Forbidden")
        return {"@id": self.context.absolute_url() + "/@jury-scores", "items": items}
