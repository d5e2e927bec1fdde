"""POST ``@conflict`` on a submission: declarations, corrections and
clearances of conflicts of interest."""

from ikz.landespreis import _
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import duties
from ikz.landespreis.jury.service import clear_conflict
from ikz.landespreis.jury.service import decide_correction
from ikz.landespreis.jury.service import declare_conflict
from ikz.landespreis.jury.service import request_correction
from ikz.landespreis.services.errors import error
from ikz.landespreis.utils import current_user_id
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides

import transaction


MSG_CONFLICT_VALUE = _(
    "msg_rest_conflict_value",
    default="Please state conflict: true or false.",
)
MSG_JUROR_MISSING = _(
    "msg_rest_juror_missing", default="Please name the member of the jury (juror)."
)
MSG_NOT_FLAGGED = _(
    "msg_rest_not_flagged",
    default="Only a detected conflict of interest can be cleared.",
)
MSG_UNKNOWN_ACTION = _("msg_rest_unknown_action", default="Unknown action.")


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
                    return error(self, 400, MSG_CONFLICT_VALUE)
                entry = declare_conflict(
                    self.context, current_user_id(), data["conflict"], reason
                )
            elif action == "request_correction":
                entry = request_correction(self.context, current_user_id(), reason)
            elif action in ("clear", "accept_correction", "refuse_correction"):
                if not juror:
                    return error(self, 400, MSG_JUROR_MISSING)
                if action == "clear":
                    try:
                        entry = clear_conflict(
                            self.context, juror, current_user_id(), reason
                        )
                    except conflicts.NotFlagged:
                        return error(self, 400, MSG_NOT_FLAGGED)
                else:
                    entry = decide_correction(
                        self.context,
                        juror,
                        current_user_id(),
                        action == "accept_correction",
                        reason,
                    )
            else:
                return error(self, 400, MSG_UNKNOWN_ACTION)
        except duties.DutyError as refused:
            transaction.doom()
            return error(self, 400, refused.message)
        return {"status": entry["status"], "reason": entry["reason"]}
