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
