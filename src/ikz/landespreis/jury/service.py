"""Jury operations shared by the views and the REST services."""

from AccessControl import Unauthorized
from AccessControl.PermissionRole import rolesForPermissionOn
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis import logger
from ikz.landespreis import mailtemplates
from ikz.landespreis.domain import decisions as rules
from ikz.landespreis.jury import access
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.permissions import ReopenJuryDecision
from ikz.landespreis.permissions import ScoreSubmission
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.utils import find_competition
from plone import api


MSG_NOT_ASSIGNED = _(
    "msg_not_assigned", default="You are not assigned to this submission."
)


class Refused(Exception):
    """A refused act: ``message`` is German-translatable, ``status`` the HTTP
    status REST answers with (403 not allowed, 409 not now, 400 bad input)."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.message = message
        self.status = status


MSG_NO_SCORING = _(
    "msg_no_scoring",
    default="You cannot score this submission: scores are given only while the "
    "jury is at work, by the assigned jurors without a conflict of interest, "
    "and not after the category's decision has been signed.",
)


def save_score(submission, juror, values, comments=None, comment="", final=False):
    # the competition workflow grants scoring only while judging; a signed
    # category withholds it (see sign_category)
    if not api.user.has_permission(ScoreSubmission, obj=submission):
        raise Refused(MSG_NO_SCORING)
    if conflicts.status(submission, juror) not in conflicts.GRANTING:
        raise scores.ScoreError(
            _(
                "msg_declare_first",
                default="Please declare first whether you have a conflict of interest.",
            )
        )
    competition = find_competition(submission)
    entry = scores.save(
        submission,
        competition,
        juror,
        values,
        comments,
        comment,
        final,
    )
    ledger.set_score(
        competition, api.content.get_uuid(submission), juror, entry.values, entry.final
    )
    if final:
        audit.record(
            submission,
            "score.final",
            target=api.content.get_uuid(submission),
            juror=juror,
            reference=submission.reference or "",
        )
    return entry


def reopen_score(submission, juror, by, reason=""):
    """The chair reopens a final score, with a reason (recorded)."""
    competition = find_competition(submission)
    if not api.user.has_permission(SignJuryDecision, obj=competition):
        raise Unauthorized("Only the jury chair reopens scores.")
    if decision.get(submission.__parent__) is not None:
        raise Refused(MSG_SIGNED_ALREADY, 409)
    reason = duties.check_reason(reason)
    if scores.reopen(submission, juror, by, reason):
        entry = scores.record(submission, juror)
        ledger.set_score(
            competition, api.content.get_uuid(submission), juror, entry.values, False
        )
        audit.record(
            submission,
            "score.reopened",
            target=api.content.get_uuid(submission),
            reason=reason,
            juror=juror,
            reference=submission.reference or "",
        )
        return True
    return False


def may_declare(submission, juror):
    """The gate is open to jurors assigned to an admitted submission only."""
    from ikz.landespreis.jury import confidentiality

    return (
        api.content.get_state(submission, default=None) in access.JURY_STATES
        and membership.is_assigned(submission, juror)
        and not confidentiality.pending(find_competition(submission), juror)
    )


def declare_conflict(submission, juror, conflict, reason=""):
    """A juror's declaration; a conflict (with a reason) removes access at
    once."""
    if not may_declare(submission, juror):
        raise Unauthorized(MSG_NOT_ASSIGNED)
    current = conflicts.status(submission, juror)
    if current in conflicts.BLOCKING:
        # withheld until the chair clears it; the juror cannot lift it
        return conflicts.record(submission, juror)
    entry = conflicts.declare(submission, juror, conflict, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.declared" if conflict else "conflict.none",
        target=api.content.get_uuid(submission),
        reason=entry["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def clear_conflict(submission, juror, by, reason=""):
    """A detected conflict is cleared by the chair, the deputy or a Site
    Administrator, never by the juror concerned; with a reason."""
    competition = find_competition(submission)
    duties.ensure_conflict_decider(competition, juror, by)
    entry = conflicts.clear(submission, juror, by, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.cleared",
        target=api.content.get_uuid(submission),
        reason=entry["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def request_correction(submission, juror, reason):
    if not may_declare(submission, juror):
        raise Unauthorized(MSG_NOT_ASSIGNED)
    entry = conflicts.request_correction(submission, juror, reason)
    audit.record(
        submission,
        "conflict.correction_requested",
        target=api.content.get_uuid(submission),
        reason=entry["correction"]["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def decide_correction(submission, juror, by, accept, reason):
    competition = find_competition(submission)
    duties.ensure_conflict_decider(competition, juror, by)
    entry = conflicts.decide_correction(submission, juror, by, accept, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.corrected",
        target=api.content.get_uuid(submission),
        reason=(reason or "").strip(),
        juror=juror,
        accepted=bool(accept),
        reference=submission.reference or "",
    )
    return entry


def category_ranking(category):
    """The category's ranking rows for a decision (no per-juror scores)."""
    competition = find_competition(category)
    categories, brains = ranking_data.compute(competition)
    for cat in categories:
        if cat["id"] == category.getId():
            # the signed snapshot keeps the result, not who gave which score
            return [
                {key: value for key, value in row.items() if key != "jurors"}
                | {
                    "reference": brains[row["submission"]].submission_reference,
                    "title": brains[row["submission"]].Title,
                }
                for row in cat["rows"]
            ]
    return []


MSG_NOT_CHAIR = _(
    "msg_sign_not_allowed",
    default="Only the jury chair signs the decision, and only while the jury "
    'is at work (phase "Jury at work").',
)
MSG_SIGNED_ALREADY = _(
    "msg_decision_signed_already",
    default="The decision for this category has been signed already. Only a "
    "site administrator can reopen it, with a reason.",
)
MSG_NOT_SIGNED = _(
    "msg_decision_not_signed", default="The decision for this category is not signed."
)
MSG_REOPEN_NOT_ALLOWED = _(
    "msg_reopen_not_allowed",
    default="Only a site administrator can reopen a signed decision, and only "
    "before the results are published.",
)
MSG_REOPEN_REASON = _(
    "msg_reopen_reason", default="Please give the reason for reopening the decision."
)
MSG_NOT_ON_PANEL = _(
    "msg_countersign_not_on_panel",
    default="Only the jurors of this category countersign its decision.",
)
MSG_COUNTERSIGNED = _(
    "msg_countersigned_already", default="You have countersigned this decision already."
)
MSG_SIGNER = _(
    "msg_countersign_signer",
    default="You signed this decision; the other jurors countersign it.",
)
MSG_CONFIRM = _(
    "msg_decision_confirm",
    default="Please confirm the preview: send it back with confirm and its "
    "fingerprint.",
)


def prizes(competition):
    return max(1, int(getattr(competition, "prizes_per_category", 1) or 1))


def max_nominees(competition):
    value = getattr(competition, "nominees_per_category", 3)
    return max(0, int(3 if value is None else value))


def category_brains(category):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Submission",
        path={"query": "/".join(category.getPhysicalPath()), "depth": 1},
        review_state=list(access.JURY_STATES),
    )


def missing_scores(category):
    """``[(reference, juror)]``: final scores still owed in ``category``."""
    competition = find_competition(category)
    assigned = set(membership.assigned_jurors(competition, category.getId()))
    items = []
    for brain in category_brains(category):
        submission = brain._unrestrictedGetObject()
        given = ledger.scores(competition, brain.UID)
        expected = assigned | set(ledger.jurors(competition, brain.UID))
        items.append({
            "reference": brain.submission_reference,
            "expected": expected,
            "final": {j: bool(d.get("final")) for j, d in given.items()},
            "blocked": {j for j in expected if conflicts.is_blocked(submission, j)},
        })
    return rules.missing_final_scores(items)


def prepare(category, winners=None, nominees=None, laudatio=None, reason=""):
    """What would be signed: ``(snapshot, fingerprint, problems, status)``.

    ``problems`` are German-translatable; ``status`` is the HTTP status
    they mean (409: the category cannot be signed now, 400: the choice is
    wrong). With ``winners`` None the ranking's suggestion is shown."""
    competition = find_competition(category)
    rows = category_ranking(category)
    missing = missing_scores(category)
    count = prizes(competition)
    if winners is None:
        winners = rules.default_winners(rows, count)
        nominees = [] if nominees is None else nominees
    data = rules.snapshot(
        rows, count, winners, nominees or [], laudatio or {}, missing, reason
    )
    problems = rules.signing_problems(rows, missing, reason)
    status = 409 if problems else 400
    if not problems:
        problems = rules.selection_problems(
            rows, count, winners, nominees or [], laudatio or {}
        )
        if len(set(nominees or [])) > max_nominees(competition):
            problems.append(
                rules.message(
                    rules.MSG_TOO_MANY_NOMINEES, nominees=max_nominees(competition)
                )
            )
    if decision.get(category) is not None:
        problems, status = [MSG_SIGNED_ALREADY], 409
    return data, rules.fingerprint(data), problems, status


def _conflicted_in(category, people):
    """Who of ``people`` has a conflict with an application of ``category``."""
    found = set()
    for brain in category_brains(category):
        submission = brain._unrestrictedGetObject()
        found |= {p for p in people if conflicts.is_blocked(submission, p)}
    return found


def _check_sign(category):
    """The chair signs; nobody signs about an application they are
    conflicted on; with the chair conflicted the deputy stands in."""
    competition = find_competition(category)
    signer = api.user.get_current().getId()
    chairs = set(membership.chairs(competition))
    deputies = set(membership.deputies(competition))
    conflicted = _conflicted_in(category, chairs | deputies | {signer})
    try:
        duties.check_signer(signer, conflicted)
    except duties.DutyError as error:
        raise Refused(error.message, 403) from None
    if api.user.has_permission(SignJuryDecision, obj=category):
        return
    # the phase is the workflow's: the deputy stands in only where the
    # competition workflow grants the chair signing (on this category, as
    # acquired from the competition's state), never by a check of our own
    chair_may_sign = "Jury Chair" in rolesForPermissionOn(SignJuryDecision, category)
    if duties.may_stand_in_for_the_chair(
        signer, chairs, deputies, conflicted, chair_may_sign
    ):
        return
    raise Refused(MSG_NOT_CHAIR, 403)


def sign_category(category, signer, winners, nominees, laudatio, reason, fingerprint):
    """Sign after the confirmation: ``fingerprint`` must be the one the
    preview showed. Raises Refused; returns the signed decision."""
    _check_sign(category)
    data, current, problems, status = prepare(
        category, winners, nominees, laudatio, reason
    )
    if problems:
        raise Refused(problems[0], status)
    if not fingerprint:
        raise Refused(MSG_CONFIRM, 400)
    if fingerprint != current:
        raise Refused(rules.MSG_CHANGED, 409)
    try:
        signed = decision.freeze(category, signer, data)
    except decision.AlreadyFrozen:
        raise Refused(MSG_SIGNED_ALREADY, 409) from None
    # scoring in this category ends with the signature (the submissions
    # acquire Score Submission from here); a reopening gives it back
    category.manage_permission(ScoreSubmission, roles=[], acquire=False)
    audit.record(
        category,
        "decision.signed",
        target=api.content.get_uuid(category),
        reason=data["exception_reason"],
        category=category.getId(),
        winners=[_ref(data, uid) for uid in data["winners"]],
        nominees=[_ref(data, uid) for uid in data["nominees"]],
        missing=[f"{ref}: {juror}" for ref, juror in data["missing"]],
        fingerprint=current,
    )
    return signed


def _ref(data, uid):
    for row in data["ranking"]:
        if row["submission"] == uid:
            return row["reference"]
    return uid


MSG_COUNTERSIGN_CONFLICT = _(
    "msg_countersign_conflict",
    default="You have a conflict of interest on an application of this "
    "category, so you do not countersign its decision.",
)


def may_countersign(category, juror):
    current = decision.get(category)
    competition = find_competition(category)
    return (
        current is not None
        and juror != current["signer"]
        and juror in membership.assigned_jurors(competition, category.getId())
        and not any(s["juror"] == juror for s in current["countersignatures"])
        and not _conflicted_in(category, {juror})
    )


def countersign(category, juror):
    current = decision.get(category)
    if current is None:
        raise Refused(MSG_NOT_SIGNED, 409)
    competition = find_competition(category)
    if juror not in membership.assigned_jurors(competition, category.getId()):
        raise Refused(MSG_NOT_ON_PANEL, 403)
    if juror == current["signer"]:
        raise Refused(MSG_SIGNER, 409)
    # nobody agrees to a decision about an application they are
    # conflicted on (as nobody signs it)
    if _conflicted_in(category, {juror}):
        raise Refused(MSG_COUNTERSIGN_CONFLICT, 403)
    try:
        entry = decision.countersign(category, juror)
    except decision.AlreadyCountersigned:
        raise Refused(MSG_COUNTERSIGNED, 409) from None
    audit.record(
        category,
        "decision.countersigned",
        target=api.content.get_uuid(category),
        actor=juror,
        category=category.getId(),
        signed_at=current["signed_at"],
    )
    return entry


def reopen_category(category, by, reason):
    """A Site Administrator voids the signature (kept in the record),
    scoring opens again for the category and nominations and awards that
    depended on it are revoked. Returns the references revoked."""
    if not api.user.has_permission(ReopenJuryDecision, obj=category):
        raise Refused(MSG_REOPEN_NOT_ALLOWED, 403)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(MSG_REOPEN_REASON, 400)
    if decision.get(category) is None:
        raise Refused(MSG_NOT_SIGNED, 409)
    old = decision.void(category, by, reason)
    category.manage_permission(ScoreSubmission, roles=[], acquire=True)
    competition = find_competition(category)
    if api.content.get_state(competition) == "decided":
        api.content.transition(competition, transition="resume_judging")
    revoked = []
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Submission",
        path={"query": "/".join(category.getPhysicalPath()), "depth": 1},
        review_state=["nominated", "awarded", "published"],
    ):
        submission = brain._unrestrictedGetObject()
        api.content.transition(submission, transition="revoke", comment=reason)
        revoked.append(brain.submission_reference)
    audit.record(
        category,
        "decision.reopened",
        target=api.content.get_uuid(category),
        reason=reason,
        category=category.getId(),
        signer=old["signer"],
        signed_at=old["signed_at"],
        revoked=revoked,
    )
    return revoked


def open_scores(competition):
    """``{juror: number of assigned submissions without a final score}``."""
    result = {}
    for brain in ranking_data.jury_brains(competition):
        given = ledger.scores(competition, brain.UID)
        assigned = set(ledger.jurors(competition, brain.UID))
        # assigned jurors who have not declared yet have no role, but a score
        # is still expected from them
        assigned |= set(
            membership.assigned_jurors(competition, brain.submission_category)
        )
        submission = brain._unrestrictedGetObject()
        for juror in assigned:
            if given.get(juror, {}).get("final"):
                continue
            if conflicts.is_blocked(submission, juror):
                continue
            result[juror] = result.get(juror, 0) + 1
    return result


def send_invitation(competition, juror):
    """The office's template "juror_invitation" to ``juror``; ``None``
    without an address."""
    user = api.user.get(userid=juror)
    address = user.getProperty("email", "") if user else ""
    if not address:
        return None
    values = mailtemplates.competition_values(competition)
    values["name"] = user.getProperty("fullname", "") or juror
    return mailtemplates.send(
        competition,
        "juror_invitation",
        address,
        values,
        competition=competition,
        limit=False,
    )


def send_reminders(competition):
    """Queue a reminder to every juror with open scores; returns their ids."""
    sent = []
    for juror, count in sorted(open_scores(competition).items()):
        user = api.user.get(userid=juror)
        address = user.getProperty("email", "") if user else ""
        if not address:
            continue
        values = mailtemplates.competition_values(competition)
        values.update(
            name=user.getProperty("fullname", "") or juror,
            count=count,
        )
        mailtemplates.send(
            competition,
            "reminder",
            address,
            values,
            competition=competition,
            limit=False,
        )
        logger.info("Reminder queued for %s (%d open)", juror, count)
        sent.append(juror)
    return sent
