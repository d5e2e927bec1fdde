"""The portal around the editions in the demo site: start page, main menu,
legal pages, feedback form, archive with the 1st edition, news,
consultation hours with registration, footer without Plone branding."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from ikz.landespreis import demo_texts as texts
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.utils import html
from plone import api
from Products.CMFCore.ActionInformation import Action
from zope.component import getUtility
from zope.component import queryMultiAdapter
from zope.component import queryUtility


OFFICE_EMAIL = "landespreis@example.org"
ACTION = "ikz.landespreis.portal.actions.ConfirmAndNotify"


def _page(container, pid, title, description, text, nav=False):
    if pid in container:
        return container[pid]
    page = api.content.create(
        container=container,
        type="Document",
        id=pid,
        title=title,
        description=description,
        text=html(text),
        exclude_from_nav=not nav,
    )
    api.content.transition(page, to_state="published")
    return page


def _line(name, title, required, description="", type_="zope.schema.TextLine"):
    return (
        f'    <field name="{name}" type="{type_}">\n'
        f"      <title>{title}</title>\n"
        f"      <description>{description}</description>\n"
        f"      <required>{required}</required>\n"
        f"    </field>\n"
    )


def _email(name, title, description=""):
    return (
        f'    <field name="{name}" type="plone.schema.email.Email">\n'
        f"      <title>{title}</title>\n"
        f"      <description>{description}</description>\n"
        f"    </field>\n"
    )


def _model(body):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<model xmlns="http://namespaces.plone.org/supermodel/schema"\n'
        '       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">\n'
        f"  <schema>\n{body}  </schema>\n</model>\n"
    )


def _actions(subject, confirmation):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n'
        "  <schema>\n"
        f'    <field name="confirm_and_notify" type="{ACTION}">\n'
        "      <title>Eingang bestätigen und Geschäftsstelle informieren</title>\n"
        f"      <office_email>{OFFICE_EMAIL}</office_email>\n"
        f"      <subject>{subject}</subject>\n"
        f"      <confirmation>{confirmation}</confirmation>\n"
        "    </field>\n"
        "  </schema>\n</model>\n"
    )


PRIVACY_FORM = "Wir verwenden Ihre Angaben nur, um Ihre Nachricht zu bearbeiten."
PRIVACY_APPLICATION = (
    "Wie wir Ihre Bewerbung verarbeiten, wer sie sieht (Geschäftsstelle und "
    "Jury) und wann wir sie anonymisieren, steht in der"
)


def _privacy(site, intro=PRIVACY_FORM):
    return (
        '    <field name="privacy_notice"'
        ' type="collective.easyform.fields.RichLabel">\n'
        "      <title>Datenschutz</title>\n"
        f"      <rich_label>&lt;p&gt;{intro} Mehr dazu in der "
        '&lt;a href="resolveuid/'
        f'{api.content.get_uuid(site["datenschutz"])}"&gt;Datenschutzerklärung'
        "&lt;/a&gt;.&lt;/p&gt;</rich_label>\n"
        "      <required>False</required>\n"
        "    </field>\n"
    )


def _form(container, fid, title, description, prologue, fields, actions, label):
    if fid in container:
        return container[fid]
    form = api.content.create(
        container=container,
        type="EasyForm",
        id=fid,
        title=title,
        description=description,
        exclude_from_nav=True,
    )
    form.fields_model = fields
    form.actions_model = actions
    form.formPrologue = html(prologue)
    form.submitLabel = label
    form.useCancelButton = False
    form.thankstitle = "Vielen Dank"
    form.thanksdescription = (
        "Wir haben Ihre Angaben erhalten und Ihnen eine Bestätigung per "
        "E-Mail geschickt."
    )
    form.includeEmpties = False
    form.CSRFProtection = True
    form.reindexObject()
    api.content.transition(form, to_state="published")
    return form


def _folder(site, fid, title, description, text=None):
    if fid in site:
        return site[fid]
    folder = api.content.create(
        container=site, type="Folder", id=fid, title=title, description=description
    )
    api.content.transition(folder, to_state="published")
    return folder


def create_portal_content(site, competition, now):
    start_page = site["startseite"]
    start_page.title = "Landespreis für innovative interkommunale Zusammenarbeit"
    start_page.description = (
        "Das Land Nordrhein-Westfalen zeichnet Kommunen aus, die gemeinsam "
        "mehr erreichen."
    )
    start_page.text = html(texts.PORTAL_START_TEXT)
    start_page.setLayout("landespreis-start")
    start_page.reindexObject()

    _page(
        site,
        "impressum",
        "Impressum",
        "Angaben zum Anbieter dieser Website.",
        texts.IMPRESSUM,
    )
    _page(
        site,
        "datenschutz",
        "Datenschutzerklärung",
        "Wie wir mit Ihren Daten umgehen.",
        texts.DATENSCHUTZ,
    )
    _page(
        site,
        "barrierefreiheit",
        "Erklärung zur Barrierefreiheit",
        "Wie barrierefrei diese Website ist und wie Sie uns Barrieren melden.",
        texts.BARRIEREFREIHEIT,
    )
    _page(
        site,
        "leichte-sprache",
        "Leichte Sprache",
        "Der Landespreis in Leichter Sprache.",
        texts.LEICHTE_SPRACHE,
    )
    _form(
        site,
        "barriere-melden",
        "Barriere melden",
        "Rückmeldung zur Barrierefreiheit dieser Website.",
        texts.FEEDBACK_PROLOGUE,
        _model(
            _line("name", "Ihr Name", "False", "freiwillig")
            + _email(
                "email",
                "Ihre E-Mail-Adresse",
                "Für die Eingangsbestätigung und unsere Antwort.",
            )
            + _line(
                "page",
                "Betroffene Seite",
                "False",
                "Adresse oder Titel der Seite, freiwillig",
            )
            + _line(
                "message",
                "Ihre Nachricht",
                "True",
                "Beschreiben Sie die Barriere oder welche Form Sie brauchen.",
                "zope.schema.Text",
            )
            + _privacy(site)
        ),
        _actions(
            "Ihre Nachricht zur Barrierefreiheit ist eingegangen",
            texts.FEEDBACK_CONFIRMATION,
        ),
        "Nachricht senden",
    )

    archive = _folder(
        site, "archiv", "Archiv", "Die abgeschlossenen Ausgaben des Landespreises."
    )
    _first_edition(archive)

    news = _folder(site, "aktuelles", "Aktuelles", "Neuigkeiten zum Landespreis.")
    for nid, title, description, text in texts.NEWS:
        if nid not in news:
            item = api.content.create(
                container=news,
                type="News Item",
                id=nid,
                title=title,
                description=description,
                text=html(text),
            )
            api.content.transition(item, to_state="published")
    _enable_feed(news)

    dates = _folder(
        site,
        "termine",
        "Termine",
        "Online-Sprechstunden und Termine des Landespreises.",
    )
    _consultation_hours(dates, now)
    _form(
        dates,
        "anmeldung",
        "Anmeldung zur Online-Sprechstunde",
        "Melden Sie sich für eine offene Online-Sprechstunde an.",
        texts.REGISTRATION_PROLOGUE,
        _model(
            '    <field name="termin" type="zope.schema.Choice">\n'
            "      <title>Termin</title>\n"
            "      <description>Wählen Sie eine Sprechstunde.</description>\n"
            "      <required>True</required>\n"
            "      <vocabulary>ikz.landespreis.ConsultationHours</vocabulary>\n"
            "    </field>\n"
            + _line("name", "Ihr Name", "True")
            + _line("municipality", "Ihre Kommune", "False", "freiwillig")
            + _email(
                "email",
                "Ihre E-Mail-Adresse",
                "Für die Bestätigung und die Erinnerung.",
            )
            + _privacy(site)
        ),
        _actions(
            "Ihre Anmeldung zur Online-Sprechstunde", texts.REGISTRATION_CONFIRMATION
        ),
        "Verbindlich anmelden",
    )
    _consent_links_privacy(site, competition)
    _main_menu(site, competition)
    _footer(site)
    _favicon()


def _consent_links_privacy(site, competition):
    """The application form's introduction, right above the questions, links
    the privacy notice the consent at its end refers to."""
    form = competition.get("bewerbung")
    uid = api.content.get_uuid(site["datenschutz"])
    if form is None or uid in (form.formPrologue.raw if form.formPrologue else ""):
        return
    form.formPrologue = html(
        (form.formPrologue.raw if form.formPrologue else "")
        + f"<p>{PRIVACY_APPLICATION} "
        f'<a href="resolveuid/{uid}">Datenschutzerklärung</a>; ihr stimmen Sie '
        "mit der Einwilligung am Ende des Formulars zu.</p>"
    )


def _favicon():
    """The portal's favicon (site settings → favicon, editable there)."""
    from plone.formwidget.namedfile.converter import b64encode_file

    import pathlib

    data = (
        pathlib.Path(__file__).parent / "browser" / "static" / "favicon.png"
    ).read_bytes()
    api.portal.set_registry_record(
        "plone.site_favicon", b64encode_file("favicon.png", data)
    )
    api.portal.set_registry_record("plone.site_favicon_mimetype", "image/png")


def _first_edition(archive):
    if "landespreis-2022" in archive:
        return archive["landespreis-2022"]
    first = api.content.create(
        container=archive,
        type="Competition",
        id="landespreis-2022",
        title=texts.FIRST_EDITION_TITLE,
        description=texts.FIRST_EDITION_DESCRIPTION,
        intro=html(texts.FIRST_EDITION_INTRO),
        edition_label="1. Ausgabe 2021/22",
        submission_end=datetime(2022, 2, 11, 23, 59, 59, tzinfo=BERLIN),
        cutoff_date=date(2016, 9, 1),
        ceremony_date=datetime(2022, 3, 15, 18, 0, tzinfo=BERLIN),
        prize_amount=10000,
        criteria=[dict(c) for c in texts.CRITERIA],
        office_email=OFFICE_EMAIL,
    )
    for cid, title, code, special in texts.FIRST_EDITION_CATEGORIES:
        api.content.create(
            container=first,
            type="Category",
            id=cid,
            title=title,
            short_code=code,
            special_category=special,
            exclude_from_nav=True,
        )
    uids = {}
    for pid, title, description, text in texts.FIRST_EDITION_PAGES:
        uids[pid] = api.content.get_uuid(
            _page(first, pid, title, description, text, nav=True)
        )
    # the introduction links the edition's pages (resolved when shown)
    first.intro = html(texts.FIRST_EDITION_INTRO.format(**uids))
    for transition in (
        "announce",
        "open",
        "close",
        "decide",
        "publish_results",
        "archive",
    ):
        api.content.transition(first, transition=transition)
    return first


def _enable_feed(folder):
    from plone.base.interfaces.syndication import IFeedSettings
    from plone.base.interfaces.syndication import ISiteSyndicationSettings
    from plone.registry.interfaces import IRegistry

    registry = getUtility(IRegistry)
    site_settings = registry.forInterface(ISiteSyndicationSettings)
    site_settings.allowed = True
    site_settings.default_enabled = False
    site_settings.show_syndication_link = True
    settings = IFeedSettings(folder)
    settings.enabled = True
    settings.feed_types = ("RSS", "atom.xml")


def _consultation_hours(folder, now):
    """Three example dates of the call: 2, 4 and 6 weeks after the site was
    created, 10:00 to 11:00 German time."""
    day = now.date()
    for number, weeks in enumerate((2, 4, 6), start=1):
        eid = f"sprechstunde-{number}"
        if eid in folder:
            continue
        when = day + timedelta(weeks=weeks)
        start = datetime(when.year, when.month, when.day, 10, 0, tzinfo=BERLIN)
        event = api.content.create(
            container=folder,
            type="Event",
            id=eid,
            title=f"Online-Sprechstunde {number}",
            description="Offene Sprechstunde zur Bewerbung für den Landespreis.",
            text=html(texts.CONSULTATION_TEXT),
            start=start,
            end=start + timedelta(hours=1),
            timezone="Europe/Berlin",
            location="Online (Zugang per E-Mail nach der Anmeldung)",
            contact_email=OFFICE_EMAIL,
            subject=("Sprechstunde",),
        )
        api.content.transition(event, to_state="published")


MENU = (
    # id, title, path below the site (None: the site itself)
    # not Plone's index_html: that one leads to the nearest navigation root
    # (a competition), not to the portal
    ("ikz-start", "Start", None),
    ("ikz-bewerbung", "Bewerbung", "{c}/bewerbung"),
    ("ikz-teilnahmebedingungen", "Teilnahmebedingungen", "{c}/teilnahmebedingungen"),
    ("ikz-preise", "Preise", "{c}/preise"),
    ("ikz-faq", "FAQ", "{c}/faq"),
    ("ikz-preistraeger", "Preisträger", "@@preistraeger"),
    ("ikz-archiv", "Archiv", "archiv"),
    ("ikz-termine", "Termine", "termine"),
    ("ikz-kontakt", "Kontakt", "{c}/kontakt"),
)


def _set_actions(category, entries):
    """Replace the actions of ``category`` by ``entries`` (id, title,
    url expression, available expression)."""
    for action_id in list(category.objectIds()):
        if action_id not in [e[0] for e in entries]:
            category[action_id].visible = False
    for position, (action_id, title, url, available) in enumerate(entries):
        if action_id in category.objectIds():
            action = category[action_id]
            action.title = title
            action.url_expr = url
            action.available_expr = available
            action.visible = True
        else:
            action = Action(
                action_id,
                title=title,
                url_expr=url,
                available_expr=available,
                permissions=("View",),
                visible=True,
            )
            category._setObject(action_id, action)
        category.moveObjectToPosition(action_id, position)


def _main_menu(site, competition):
    """Main menu as editable actions (Website-Einstellungen → Aktionen)."""
    api.portal.set_registry_record("plone.generate_tabs", False)
    tabs = api.portal.get_tool("portal_actions")["portal_tabs"]
    cid = competition.getId()
    entries = []
    for action_id, title, path in MENU:
        url = (
            "string:${portal_url}"
            if path is None
            else "string:${portal_url}/" + path.format(c=cid)
        )
        entries.append((action_id, title, url, ""))
    entries.append((
        "ikz-jury",
        "Jury-Bereich",
        f"string:${{portal_url}}/{cid}/@@jury",
        "python:member is not None and checkPermission("
        f"'ikz.landespreis: Access Jury Area', portal['{cid}'])",
    ))
    _set_actions(tabs, entries)


FOOTER = (
    ("ikz-impressum", "Impressum", "impressum"),
    ("ikz-datenschutz", "Datenschutz", "datenschutz"),
    ("ikz-barrierefreiheit", "Barrierefreiheit", "barrierefreiheit"),
    ("ikz-barriere-melden", "Barriere melden", "barriere-melden"),
    ("ikz-leichte-sprache", "Leichte Sprache", "leichte-sprache"),
    ("ikz-kontakt", "Kontakt", "landespreis-2026/kontakt"),
)


def _footer(site):
    """The footer: the office's address, the legal links (site actions) and
    a small colophon; Plone's foundation text and branding are replaced."""
    from plone.portlet.static.static import Assignment as StaticText
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletManager

    actions = api.portal.get_tool("portal_actions")["site_actions"]
    _set_actions(
        actions,
        [(a, t, "string:${portal_url}/" + p, "") for a, t, p in FOOTER],
    )
    manager = queryUtility(IPortletManager, name="plone.footerportlets")
    if manager is None:
        return
    mapping = queryMultiAdapter((site, manager), IPortletAssignmentMapping)
    if mapping is None:
        return
    replacements = {
        "footer": StaticText(
            header="Geschäftsstelle", text=texts.FOOTER_TEXT, omit_border=True
        ),
        "colophon": StaticText(
            header="Erstellt mit Plone", text=texts.COLOPHON_TEXT, omit_border=True
        ),
    }
    # Plone's news and events portlets format dates in English
    right = queryUtility(IPortletManager, name="plone.rightcolumn")
    right_mapping = queryMultiAdapter((site, right), IPortletAssignmentMapping)
    if right_mapping is not None:
        for key in list(right_mapping.keys()):
            del right_mapping[key]
    for key, assignment in replacements.items():
        if key in mapping:
            del mapping[key]
        mapping[key] = assignment
    order = [k for k in ("footer", "actions", "colophon") if k in mapping]
    mapping.updateOrder(order + [k for k in mapping if k not in order])
