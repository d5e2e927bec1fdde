"""The application form of a competition: an EasyForm with id ``bewerbung``."""

from ikz.landespreis import logger
from ikz.landespreis.utils import html
from plone import api
from zope.interface import alsoProvides
from zope.interface import Interface


FORM_ID = "bewerbung"
ACTION_TYPE = "ikz.landespreis.intake.action.CreateSubmission"


class IApplicationForm(Interface):
    """Marker of the application form of a competition."""


def _field(name, type_, title, description="", required=False, extra=""):
    req = "<required>True</required>" if required else "<required>False</required>"
    return (
        f'    <field name="{name}" type="{type_}"{extra}>\n'
        f"      <title>{title}</title>\n"
        f"      <description>{description}</description>\n"
        f"      {req}\n"
        f"    </field>\n"
    )


def _text(name, title, description, required=False, max_length=None):
    extra = f"<max_length>{max_length}</max_length>" if max_length else ""
    return (
        f'    <field name="{name}" type="zope.schema.Text">\n'
        f"      <title>{title}</title>\n"
        f"      <description>{description}</description>\n"
        f"      <required>{'True' if required else 'False'}</required>\n"
        f"      {extra}\n"
        f"    </field>\n"
    )


def _line(name, title, description="", required=False, extra_attrs="", max_length=200):
    return (
        f'    <field name="{name}" type="zope.schema.TextLine"{extra_attrs}>\n'
        f"      <title>{title}</title>\n"
        f"      <description>{description}</description>\n"
        f"      <required>{'True' if required else 'False'}</required>\n"
        f"      <max_length>{max_length}</max_length>\n"
        f"    </field>\n"
    )


def _file(name, title, description):
    return _field(name, "plone.namedfile.field.NamedBlobFile", title, description)


FILE_HELP = (
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG oder JPEG, höchstens 20 MB."
)

PICTURE_HELP = (
    "Für die Seite der Preisträger, falls Ihr Projekt ausgezeichnet wird und Sie "
    "der Veröffentlichung zustimmen: JPEG oder PNG, höchstens 5 MB. Bitte nur "
    "Bilder, an denen Sie die Rechte haben."
)
ALT_HELP = (
    "Pflicht, wenn Sie das Bild hochladen: Was zeigt das Bild? Menschen, die es "
    "nicht sehen können, hören diesen Text (5 bis 250 Zeichen)."
)


def _pictures():
    fields = ""
    for number in range(1, 4):
        fields += _file(f"picture_{number}", f"Bild {number} (optional)", PICTURE_HELP)
        fields += _line(
            f"picture_{number}_alt",
            f"Bildbeschreibung (Alternativtext) zu Bild {number}",
            ALT_HELP,
            False,
            max_length=250,
        )
    return fields


FIELDS_MODEL = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<model xmlns="http://namespaces.plone.org/supermodel/schema"\n'
    '       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"\n'
    '       xmlns:form="http://namespaces.plone.org/supermodel/form">\n'
    "  <schema>\n"
    + _line("title", "Titel des Projekts", "Ein kurzer, treffender Titel.", True)
    + '    <field name="category" type="zope.schema.Choice">\n'
    "      <title>Kategorie</title>\n"
    "      <description>In welcher Kategorie bewerben Sie sich?</description>\n"
    "      <required>True</required>\n"
    "      <vocabulary>ikz.landespreis.Categories</vocabulary>\n"
    "    </field>\n"
    + _line(
        "lead_municipality",
        "Name der Kommune bzw. des Verbandes",
        "Die federführende Kommune, die die Bewerbung einreicht.",
        True,
    )
    + _field(
        "no_lead",
        "zope.schema.Bool",
        "Es ist keine federführende Kommune benannt",
        "Dann bestätigt die Hauptverwaltungsbeamtin bzw. der Hauptverwaltungsbeamte "
        "einen Ratsbeschluss aller Partner; bitte fügen Sie ihn unten als Anlage bei "
        "(ein Auszug aus der Niederschrift genügt).",
    )
    + _line("department", "Fachbereich / Organisationseinheit", "", False)
    + _line("contact_name", "Ansprechperson", "Vor- und Nachname.", True)
    + _line(
        "contact_email",
        "E-Mail-Adresse",
        "An diese Adresse senden wir die Eingangsbestätigung.",
        True,
        ' easyform:validators="isValidEmail"',
    )
    + _line("contact_phone", "Telefonnummer", "", True, max_length=40)
    + _text(
        "partners",
        "Kommunale Partner",
        "Bitte nennen Sie jeden Partner in einer eigenen Zeile (Gemeinden, Städte, "
        "Kreise oder von ihnen beherrschte juristische Personen).",
        True,
        max_length=5000,
    )
    + _field(
        "contract_date",
        "zope.schema.Date",
        "Datum der vertraglichen Vereinbarung der Zusammenarbeit",
        "Die Zusammenarbeit muss nach dem Stichtag der Teilnahmebedingungen "
        "vertraglich vereinbart worden sein.",
        True,
    )
    + '    <field name="project_status" type="zope.schema.Choice">\n'
    "      <title>Stand des Projekts</title>\n"
    "      <description />\n"
    "      <required>True</required>\n"
    "      <values>\n"
    '        <element key="running">Die Zusammenarbeit läuft bereits</element>\n'
    '        <element key="implementation">'
    "Die Zusammenarbeit wird umgesetzt</element>\n"
    "      </values>\n"
    "    </field>\n"
    + _line(
        "legal_form",
        "Rechtsform der Zusammenarbeit",
        "Zum Beispiel öffentlich-rechtliche Vereinbarung, Zweckverband, GmbH.",
        False,
    )
    + _text(
        "funding",
        "Bisherige Förderung durch Land oder Bund",
        "Eine frühere Förderung steht der Teilnahme nicht entgegen.",
        False,
        max_length=2000,
    )
    + _text(
        "summary",
        "Kurzbeschreibung des Projekts",
        "Was tun die Partner gemeinsam, seit wann, für wen und mit welchem Ergebnis? "
        "Höchstens 3.000 Zeichen.",
        True,
        max_length=3000,
    )
    + _text(
        "benefit",
        "Gewinn der Kooperation",
        "Welchen Mehrwert schafft die Zusammenarbeit: eingesparte Ressourcen, "
        "schnellere Verfahren, eine neue Qualität von Leistungen?",
        True,
        max_length=3000,
    )
    + _text(
        "innovation",
        "Grad der Innovation",
        "Was ist neu – das Ziel, die Form oder die Partner der Kooperation? "
        "Auch digitale Ansätze wie Smart City oder Smart Region.",
        True,
        max_length=3000,
    )
    + _text(
        "sustainability",
        "Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit",
        "Ist die Zusammenarbeit langfristig angelegt, wird sie angenommen, "
        "lässt sie sich übertragen?",
        True,
        max_length=3000,
    )
    + _file("project_file", "Projektsteckbrief (optional)", FILE_HELP)
    + _file("council_decision_file", "Ratsbeschluss (optional)", FILE_HELP)
    + _file("attachment_file", "Weitere Anlage (optional)", FILE_HELP)
    + _pictures()
    + _field(
        "privacy_consent",
        "zope.schema.Bool",
        "Einwilligung in die Datenverarbeitung",
        "Ich willige ein, dass meine Angaben zur Durchführung des Wettbewerbs "
        "verarbeitet werden. (Pflichtangabe)",
        True,
    )
    + _field(
        "publication_consent",
        "zope.schema.Bool",
        "Einwilligung in die Veröffentlichung",
        "Im Fall einer Auszeichnung dürfen Titel, Kommunen, Kurzbeschreibung "
        "und die Bilder mit ihren Bildbeschreibungen veröffentlicht werden.",
    )
    + "  </schema>\n</model>\n"
)

ACTIONS_MODEL = f"""<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="create_submission" type="{ACTION_TYPE}">
      <title>Wettbewerbsbeitrag anlegen</title>
      <description>Legt aus jeder Bewerbung einen Wettbewerbsbeitrag in der
        gewählten Kategorie an.</description>
      <required>True</required>
    </field>
  </schema>
</model>
"""

PROLOGUE = """
<p>Bitte füllen Sie alle Pflichtfelder aus. Nach dem Absenden erhalten Sie
eine Bestätigung mit Ihrem Aktenzeichen per E-Mail. Anlagen sind optional.</p>
"""


def ensure_application_form(competition, prologue=None):
    """The application form of ``competition``, created when missing."""
    form = competition.get(FORM_ID)
    if form is not None:
        return form
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(
            container=competition,
            type="EasyForm",
            id=FORM_ID,
            title="Bewerbung",
            description="Online-Bewerbung für den Landespreis.",
            safe_id=False,
        )
        form.fields_model = FIELDS_MODEL
        form.actions_model = ACTIONS_MODEL
        form.formPrologue = html(prologue or PROLOGUE)
        form.submitLabel = "Bewerbung absenden"
        form.useCancelButton = False
        form.thankstitle = "Vielen Dank für Ihre Bewerbung"
        # Post/Redirect/Get: the thank-you page is a separate, signed URL,
        # so reloading it never posts the application again.
        form.thanksPageOverrideAction = "redirect_to"
        form.thanksPageOverride = (
            "python:request.get('ikz_landespreis_thanks_url') or here.absolute_url()"
        )
        form.CSRFProtection = True
        alsoProvides(form, IApplicationForm)
        form.reindexObject()
        if api.content.get_state(form, default=None) not in (None, "published"):
            api.content.transition(form, to_state="published")
    logger.info("Application form created in %s", competition.absolute_url_path())
    return form
