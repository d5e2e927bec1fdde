"""REST services of the jury (same permissions and rules as the views)."""

from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.jury.service import clear_conflict
from ikz.landespreis.jury.service import decide_correction
from ikz.landespreis.jury.service import declare_conflict
from ikz.landespreis.jury.service import Refused
from ikz.landespreis.jury.service import request_correction
from ikz.landespreis.jury.service import save_score
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides

import transaction


def _error(service, status, message):
    service.request.response.setStatus(status)
    return {"error": {"type": "BadRequest", "message": message}}


class JuryScoresGet(Service):
    """Jury access to this application (the local role Juror on it) or
    every score (ViewAllScores); nobody else, however public the
    application."""

    def reply(self):
        competition = find_competition(self.context)
        records = scores.records(self.context)
        if api.user.has_permission(ViewAllScores, obj=competition):
            items = [r.as_dict() for r in records.values()]
        elif "Juror" in api.user.get_roles(obj=self.context):
            mine = records.get(current_user_id())
            items = [mine.as_dict()] if mine is not None else []
        else:
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": "Sie haben keinen Jury-Zugang zu dieser Bewerbung.",
                }
            }
        return {"@id": self.context.absolute_url() + "/@jury-scores", "items": items}


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
        except scores.ScoreError as error:
            return _error(self, 400, translate(error.message, context=self.request))
        except Refused as refused:
            # Score Submission: the workflow's phase, the juror's role
            return _error(
                self, refused.status, translate(refused.message, context=self.request)
            )
        return entry.as_dict()


class ConflictPost(Service):
    """``POST @conflict``: a juror declares (``{"conflict": bool, "reason"}``)
    or asks for a correction (``{"action": "request_correction", "reason"}``);
    the chair, deputy or a Site Administrator clears a detected conflict
    (``{"action": "clear", "juror", "reason"}``) or decides a correction
    (``{"action": "accept_correction" | "refuse_correction", "juror",
    "reason"}``). Refusals: 400 with a German message, nothing changed."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        action = data.get("action") or "declare"
        reason = data.get("reason") or ""
        juror = data.get("juror") or ""
        try:
            if action == "declare":
                if not isinstance(data.get("conflict"), bool):
                    return _error(self, 400, "conflict: true oder false angeben.")
                entry = declare_conflict(
                    self.context, current_user_id(), data["conflict"], reason
                )
            elif action == "request_correction":
                entry = request_correction(self.context, current_user_id(), reason)
            elif action in ("clear", "accept_correction", "refuse_correction"):
                if not juror:
                    return _error(self, 400, "Bitte geben Sie das Jurymitglied an.")
                if action == "clear":
                    try:
                        entry = clear_conflict(
                            self.context, juror, current_user_id(), reason
                        )
                    except conflicts.NotFlagged:
                        return _error(
                            self,
                            400,
                            "Nur ein erkannter Interessenkonflikt kann "
                            "aufgehoben werden.",
                        )
                else:
                    entry = decide_correction(
                        self.context,
                        juror,
                        current_user_id(),
                        action == "accept_correction",
                        reason,
                    )
            else:
                return _error(self, 400, "Unbekannte Aktion.")
        except duties.DutyError as error:
            transaction.doom()
            return _error(self, 400, error.message)
        return {"status": entry["status"], "reason": entry["reason"]}


def _row(row, brains):
    brain = brains[row["submission"]]
    return {
        "@id": brain.getURL(),
        "reference": brain.submission_reference,
        "title": brain.Title,
        "rank": row["rank"],
        "score": row["score"],
        "spread": row["spread"],
        "final_scores": row["final_scores"],
        "expected_scores": row["expected_scores"],
        "tie": row["tie"],
    }


class RankingGet(Service):
    def reply(self):
        full = api.user.has_permission(ViewAllScores, obj=self.context)
        normalise = self.request.form.get("normalise") in ("1", "true")
        categories, brains = ranking_data.compute(
            self.context,
            normalise=normalise,
            only_juror=None if full else current_user_id(),
        )
        return {
            "@id": self.context.absolute_url() + "/@ranking",
            "normalised": normalise,
            "categories": [
                {
                    "@id": cat["url"],
                    "title": cat["title"],
                    "ranking": [_row(r, brains) for r in cat["rows"]],
                }
                for cat in categories
            ],
        }
