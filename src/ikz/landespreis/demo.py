"""The demo edition: competition, categories, pages, jury and accounts."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from ikz.landespreis import demo_texts as texts
from ikz.landespreis import logger
from ikz.landespreis.demo_pictures import add_winner_pictures
from ikz.landespreis.demo_portal import create_portal_content
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.intake.form import ensure_application_form
from ikz.landespreis.jury import membership
from ikz.landespreis.utils import html
from plone import api


COMPETITION_ID = "landespreis-2026"
JURY_AREA_ID = "jury-bereich"
DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo accounts only
EDITOR = "redaktion"
CHAIR = "vorsitz"
JURORS = ("jury1", "jury2", "jury3", "jury4")
WINDOW = timedelta(weeks=10)


def _user(username, fullname):
    """A demo account with the short demo password.

    The password policy (eight characters) protects real accounts; the demo
    accounts are documented with ``demo``, so they go straight into the
    user source.
    """
    user = api.user.get(username=username)
    if user is None:
        acl_users = api.portal.get_tool("acl_users")
        acl_users.source_users.doAddUser(username, DEMO_PASSWORD)
        user = api.user.get(username=username)
        user.setMemberProperties({
            "fullname": fullname,
            "email": f"{username}@example.org",
        })
    return user


def create_demo_content(site, now=None):
    """Create the demo edition in ``site``; a second call changes nothing."""
    if COMPETITION_ID in site:
        return site[COMPETITION_ID]
    now = to_berlin(now or datetime.now(BERLIN))
    start = now.replace(second=0, microsecond=0)
    end = to_berlin(
        (start + WINDOW).replace(hour=23, minute=59, second=59, tzinfo=None)
    )
    with api.env.adopt_roles(["Manager"]):
        start_page = api.content.create(
            container=site,
            type="Document",
            id="startseite",
            title="Start",
            description="Landespreis für innovative interkommunale Zusammenarbeit",
            text=html(texts.START_TEXT),
        )
        api.content.transition(start_page, to_state="published")
        site.setDefaultPage("startseite")

        competition = api.content.create(
            container=site,
            type="Competition",
            id=COMPETITION_ID,
            title=texts.COMPETITION_TITLE,
            description=texts.COMPETITION_DESCRIPTION,
            intro=html(texts.COMPETITION_INTRO),
            edition_label="2. Ausgabe 2025/26",
            submission_start=start,
            submission_end=end,
            cutoff_date=date(2016, 9, 1),
            jury_deadline=end + timedelta(weeks=6),
            ceremony_date=to_berlin(
                (end + timedelta(weeks=10)).replace(
                    hour=18, minute=0, second=0, tzinfo=None
                )
            ),
            prize_amount=10000,
            score_min=0,
            score_max=10,
            criteria=[dict(c) for c in texts.CRITERIA],
            office_email="landespreis@example.org",
        )
        for cid, title, code, special, description in texts.CATEGORIES:
            api.content.create(
                container=competition,
                type="Category",
                id=cid,
                title=title,
                description=description,
                short_code=code,
                special_category=special,
                exclude_from_nav=True,
            )
        form = ensure_application_form(competition, prologue=texts.APPLICATION_TEXT)
        form.formPrologue = html(texts.APPLICATION_TEXT)
        for pid, title, description, text in texts.PAGES:
            page = api.content.create(
                container=competition,
                type="Document",
                id=pid,
                title=title,
                description=description,
                text=html(text),
            )
            api.content.transition(page, to_state="published")

        jury_area = api.content.create(
            container=competition,
            type="Folder",
            id=JURY_AREA_ID,
            title="Jury-Bereich",
            description="Geschützter Bereich für die Mitglieder der Jury.",
        )
        info = api.content.create(
            container=jury_area,
            type="Document",
            id="willkommen",
            title="Willkommen im Jury-Bereich",
            text=html(texts.JURY_AREA_TEXT),
        )
        # Jury area and its pages stay private: jurors read them through a
        # local role of their group, nobody else sees them.
        if api.content.get_state(info) != "private":
            raise RuntimeError("the jury area must start private")

        api.content.transition(competition, transition="announce")
        api.content.transition(competition, transition="open")

    with api.env.adopt_roles(["Manager"]):
        create_portal_content(site, competition, now)
        add_winner_pictures(site)
    _create_accounts(competition, jury_area)
    logger.info("Demo edition %s created", competition.absolute_url_path())
    return competition


ORGANISATIONS = {
    CHAIR: "Beauftragter für interkommunale Zusammenarbeit NRW",
    "jury1": "Städtetag Nordrhein-Westfalen",
    "jury2": "Landkreistag Nordrhein-Westfalen",
    "jury3": "Städte- und Gemeindebund Nordrhein-Westfalen",
    "jury4": "NRW.BANK",
}


def _create_accounts(competition, jury_area):
    _user(EDITOR, "Redaktion Landespreis")
    _user(CHAIR, "Vorsitz der Jury")
    for number, username in enumerate(JURORS, start=1):
        _user(username, f"Jurymitglied {number}")
    for username, organisation in ORGANISATIONS.items():
        api.user.get(username=username).setMemberProperties({
            "home_organisation": organisation
        })
    group_id = membership.ensure_jury_group(competition)
    # appointing the chair is the site administration's act (jury/duties.py);
    # the demo is set up by the site's installer
    with api.env.adopt_roles(["Site Administrator"]):
        for username in (CHAIR, *JURORS):
            membership.add_member(competition, username, chair=username == CHAIR)

    api.user.grant_roles(
        username=EDITOR, obj=competition, roles=["Editor", "Reviewer", "Contributor"]
    )
    api.group.grant_roles(groupname=group_id, obj=jury_area, roles=["Reader"])
    competition.reindexObjectSecurity()


def remove_demo_accounts(site):
    """Remove the demo accounts that still have the demo password (and
    their places in the demo jury); returns the removed user ids.

    ``DEMO=off`` runs this when the site is created or started, so no
    production site keeps an account whose password is in the README."""
    acl_users = site.acl_users
    competition = site.get(COMPETITION_ID)
    removed = []
    with api.env.adopt_roles(["Manager"]):
        for username in (EDITOR, CHAIR, *JURORS):
            if api.user.get(username=username) is None:
                continue
            if acl_users.source_users.authenticateCredentials({
                "login": username,
                "password": DEMO_PASSWORD,
            }):
                if competition is not None and username in membership.members(
                    competition
                ):
                    membership.remove_member(competition, username)
                if competition is not None:
                    competition.manage_delLocalRoles([username])
                api.user.delete(username=username)
                removed.append(username)
        if competition is not None and removed:
            competition.reindexObjectSecurity()
    if removed:
        logger.info("Demo accounts removed: %s", ", ".join(removed))
    return removed
