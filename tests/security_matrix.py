"""The expected access table of the security proof (tests/test_security_matrix.py)
and the source of the table in SECURITY.rst (scripts/security_doc.py)."""

ROLES = (
    "anonymous",
    "member",
    "juror",
    "conflicted",
    "other_panel",
    "chair",
    "editor",
    "siteadmin",
)
ROLE_TITLES = {
    "anonymous": "Anonymous",
    "member": "Authenticated, member of nothing",
    "juror": "Juror (assigned, declared no conflict)",
    "conflicted": "Juror with a conflict",
    "other_panel": "Juror of another panel",
    "chair": "Jury Chair (on the panel)",
    "editor": "Editor/Reviewer of the competition",
    "siteadmin": "Site Administrator",
}
OFFICE = {"editor", "siteadmin"}
SCORING = {"juror", "chair"}
JURY = {"juror", "conflicted", "other_panel", "chair"}
EVERYONE = set(ROLES)
NOBODY = set()

# resource -> {submission state (or "-") -> roles that get it}
SUBMISSION = {
    "view": {"received": OFFICE, "admitted": OFFICE | SCORING, "published": EVERYONE},
    "edit (Modify portal content)": {
        "received": OFFICE,
        "admitted": OFFICE,
        "published": OFFICE,
    },
    "@@download/project_file": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": OFFICE,
    },
    "@@display-file/project_file": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": OFFICE,
    },
    "REST GET": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": EVERYONE,
    },
    "REST @workflow": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": EVERYONE,
    },
    "REST @history": {"received": OFFICE, "admitted": OFFICE, "published": OFFICE},
    "REST @sharing": {"received": OFFICE, "admitted": OFFICE, "published": OFFICE},
    # a juror with a conflict is sent to @@befangen (reference number only)
    "@@conflict gate": {
        "received": NOBODY,
        "admitted": {"juror", "chair"},
        "published": NOBODY,
    },
    "@@score": {"received": NOBODY, "admitted": SCORING, "published": NOBODY},
    # the scoring workspace and the PDFs in its frame
    "@@workspace": {"received": NOBODY, "admitted": SCORING, "published": NOBODY},
    "@@pdf-frame?field=project_file": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": OFFICE,
    },
    # jury access to the application (the Juror role on it) or every score
    "REST @jury-scores": {
        "received": {"chair", "siteadmin"},
        "admitted": {"juror", "chair", "siteadmin"},
        "published": {"chair", "siteadmin"},
    },
    "REST @audit": {"received": OFFICE, "admitted": OFFICE, "published": OFFICE},
    "@@personal-data": {"received": OFFICE, "admitted": OFFICE, "published": OFFICE},
    "found by @@search": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": EVERYONE,
    },
    "found by REST @search": {
        "received": OFFICE,
        "admitted": OFFICE | SCORING,
        "published": EVERYONE,
    },
    # submissions are not a syndicated type: the search feed lists none
    "in search RSS": {"received": NOBODY, "admitted": NOBODY, "published": NOBODY},
    # the sitemap lists the site's pages, no applications (not even winners)
    "in sitemap.xml.gz": {"received": NOBODY, "admitted": NOBODY, "published": NOBODY},
}
COMPETITION = {
    "@@jury": JURY | OFFICE,
    "@@ranking": JURY | OFFICE,
    "@@ranking-print": JURY | OFFICE,
    "REST @ranking": JURY | OFFICE,
    "@@jurysitzung": JURY | OFFICE,
    "REST @jury-session": JURY | OFFICE,
    "@@vertraulichkeit": JURY | OFFICE,
    "@@jury-conflicts": {"chair", "siteadmin"},
    "@@jury-members": OFFICE,
    "category @@jury-decision": OFFICE | {"chair"},
    "category REST @jury-decision": OFFICE | {"chair"},
    "@@submissions": OFFICE,
    "REST @submissions": OFFICE,
    "@@submissions-export": OFFICE,
    "@@scores-export": OFFICE | {"chair"},
    "@@uploads-export": OFFICE,
    "@@jury-dossier": OFFICE,
    "@@verlauf": OFFICE,
    "REST @audit": OFFICE,
    "Jury-Bereich page": JURY | OFFICE,
    "form @@actions (easyform)": OFFICE,
    "form @@fields (easyform)": OFFICE,
    "form actions @@modeleditor": {"siteadmin"},
}
# who may read the protected fields of a submission they can see
CONTACT_READERS = OFFICE

# The phase rules: what the competition workflow grants per phase (the
# admitted application of kat-a, the chair on its panel). Every cell is
# probed over HTTP with the competition put into that phase.
PHASES = (
    "preparation",
    "announced",
    "open",
    "judging",
    "decided",
    "results_published",
    "archived",
)
FROM_JUDGING = ("judging", "decided", "results_published", "archived")
PHASE = {
    "@@score form": {"judging": SCORING},
    "@@workspace form": {"judging": SCORING},
    "save a score (REST POST @jury-scores)": {"judging": SCORING},
    "every juror's scores (REST @jury-scores)": {
        p: {"chair", "siteadmin"} for p in FROM_JUDGING
    },
    "@@scores-export": {p: OFFICE | {"chair"} for p in FROM_JUDGING},
    "sign the decision (REST POST @jury-decision)": {"judging": {"chair"}},
    # the juror made deputy, the chair conflicted on the application: the
    # deputy stands in wherever the workflow lets the chair sign
    "the deputy (3) signs for a conflicted chair": {"judging": {"juror"}},
    "reopen a signed decision (REST POST @jury-reopen)": {
        "judging": {"siteadmin"},
        "decided": {"siteadmin"},
    },
}

# The duties (SECURITY.rst, "Separation of duties"): each insider tries a
# door past their duty (tests/test_duties.py, TestInsiders, over HTTP). A
# REST door answers 400/403 with the German text given, or 401/403 with a
# German notice where the text is None; a page ("GET page") is denied (401,
# 403 or the login form). Nothing changes, nothing is recorded.
#
# Doors: {portal} the site, {c} the competition, {s1} an application of
# kat-a (panel juror1, juror2), {s3} one of kat-b (panel juror3, chair;
# juror3 declared no conflict on it).
DUTY_ACTORS = {
    "editor": "Editor/Reviewer of the competition (the office)",
    "siteadmin": "Site Administrator",
    "chair": "Jury Chair",
    "juror1": "Juror of kat-a",
    "juror3": "Juror of kat-b",
    "member": "Authenticated, member of nothing",
}
DUTIES = (
    # (actor, what they try, method, door, JSON body, German answer)
    (
        "editor",
        "join the jury",
        "PATCH",
        "{portal}/@groups/jury-wettbewerb",
        {"users": {"editor": True}},
        None,
    ),
    (
        "editor",
        "make themself chair on the Sharing tab",
        "POST",
        "{c}/@sharing",
        {"entries": [{"id": "editor", "type": "user", "roles": {"Jury Chair": True}}]},
        "nur über die Jury-Seite",
    ),
    (
        "editor",
        "clear a juror's conflict",
        "POST",
        "{s3}/@conflict",
        {"action": "clear", "juror": "juror3", "reason": "x"},
        "Vorsitz der Jury",
    ),
    (
        "editor",
        "read the scores",
        "GET",
        "{s3}/@jury-scores",
        None,
        "keinen Jury-Zugang",
    ),
    (
        "editor",
        "give the applicant's consent",
        "PATCH",
        "{s1}",
        {"publication_consent": True},
        "Einwilligungen",
    ),
    (
        "editor",
        "reject without a reason",
        "POST",
        "{s1}/@workflow/reject",
        {},
        "Grund für die Ablehnung",
    ),
    ("editor", "decide conflicts", "GET page", "{c}/@@jury-conflicts", None, None),
    (
        "siteadmin",
        "join the jury (and appoint themself)",
        "PATCH",
        "{portal}/@groups/jury-wettbewerb",
        {"users": {"siteadmin": True}},
        "gehört zur Website-Administration",
    ),
    (
        "chair",
        "clear their own conflict",
        "POST",
        "{s3}/@conflict",
        {"action": "clear", "juror": "chair", "reason": "x"},
        "Befangenheit",
    ),
    (
        "chair",
        "take an office role",
        "POST",
        "{c}/@sharing",
        {"entries": [{"id": "chair", "type": "user", "roles": {"Editor": True}}]},
        None,
    ),
    ("chair", "read the audit trail", "GET", "{c}/@audit", None, None),
    ("chair", "manage the jury", "GET page", "{c}/@@jury-members", None, None),
    (
        "juror3",
        "decide the chair's conflict",
        "POST",
        "{s3}/@conflict",
        {"action": "clear", "juror": "chair", "reason": "x"},
        "Stellvertretung",
    ),
    (
        "juror1",
        "declare a conflict without a reason",
        "POST",
        "{s1}/@conflict",
        {"conflict": True},
        "begründen",
    ),
    ("juror1", "manage the jury", "GET page", "{c}/@@jury-members", None, None),
    ("juror1", "read the audit trail", "GET page", "{c}/@@verlauf", None, None),
    (
        "juror3",
        "read another panel's scores",
        "GET",
        "{s1}/@jury-scores",
        None,
        "keinen Jury-Zugang",
    ),
    (
        "juror3",
        "declare on another panel's application",
        "POST",
        "{s1}/@conflict",
        {"conflict": False},
        "nicht zugeordnet",
    ),
    ("juror3", "read another panel's application", "GET", "{s1}", None, None),
    ("juror3", "open another panel's gate", "GET page", "{s1}/@@conflict", None, None),
    ("member", "read the ranking", "GET", "{c}/@ranking", None, None),
    ("member", "read the audit trail", "GET", "{c}/@audit", None, None),
    (
        "member",
        "declare on an application",
        "POST",
        "{s3}/@conflict",
        {"conflict": False},
        None,
    ),
    (
        "member",
        "join the jury",
        "PATCH",
        "{portal}/@groups/jury-wettbewerb",
        {"users": {"member": True}},
        None,
    ),
    ("member", "open the jury area", "GET page", "{c}/@@jury", None, None),
    ("member", "open the gate", "GET page", "{s3}/@@conflict", None, None),
)
DOOR_NAMES = {
    "{portal}": "",
    "{c}": "competition",
    "{s1}": "application (kat-a)",
    "{s3}": "application (kat-b)",
}
