"""POST/PATCH ``@jury-scores`` on a submission: the juror saves (or finally
submits) their scores."""

from ikz.landespreis.jury import scores
from ikz.landespreis.jury.service import Refused
from ikz.landespreis.jury.service import save_score
from ikz.landespreis.services.errors import error
from ikz.landespreis.utils import current_user_id
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


class JuryScoresPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        try:
            entry = save_score(
                self.context,
                current_user_id(),
                data.get("scores") or {},
                data.get("comments") or {},
                data.get("comment") or "",
                bool(data.get("final")),
            )
        except scores.ScoreError as refused:
            return error(self, 400, translate(refused.message, context=self.request))
        except Refused as refused:
            # Score Submission: the workflow's phase, the juror's role
            return error(
                self, refused.status, translate(refused.message, context=self.request)
            )
        return entry.as_dict()
