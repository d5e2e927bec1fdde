"""Submission: one application of a cooperation in one category."""

from ikz.landespreis import _
from ikz.landespreis.domain.pictures import ALT_MAX
from ikz.landespreis.domain.pictures import alt_problem
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.namedfile.field import NamedBlobImage
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema import ValidationError
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


CONTACT_VIEW = "ikz.landespreis.ViewContactData"
CONTACT_EDIT = "ikz.landespreis.ModifyContactData"
INTERNAL_VIEW = "ikz.landespreis.ViewInternalData"
INTERNAL_EDIT = "ikz.landespreis.ManageEligibility"
# everything but reference, title, municipalities and short description:
# that much a published winner shows to everyone (the consent covers it)
DETAILS_VIEW = "ikz.landespreis.ViewApplicationDetails"
# the applicant's consents are the applicant's: no role holds this permission
# (rolemap.xml), so no edit form or PATCH changes them after intake
CONSENT_EDIT = "ikz.landespreis.ModifyConsents"
CONSENT_FIELDS = ("privacy_consent", "publication_consent")
#: fields whose changes go to the audit trail
PROTECTED_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "eligibility_flags",
    "internal_notes",
    "rejection_reason",
    *CONSENT_FIELDS,
)
DETAIL_FIELDS = (
    "no_lead",
    "department",
    "contract_date",
    "project_status",
    "legal_form",
    "funding",
    "benefit",
    "innovation",
    "sustainability",
    "project_file",
    "council_decision_file",
    "attachment_file",
    "privacy_consent",
    "publication_consent",
    "additional_answers",
    "submitted_at",
)

PROJECT_STATUS = SimpleVocabulary([
    SimpleTerm("running", "running", _("running")),
    SimpleTerm("implementation", "implementation", _("being implemented")),
])


MSG_ALT = {
    "alt_missing": _(
        "msg_picture_alt_missing",
        default="Please describe picture ${number} in an alternative text: "
        "people who cannot see it hear this text instead.",
    ),
    "alt_too_short": _(
        "msg_picture_alt_too_short",
        default="The alternative text of picture ${number} is too short: "
        "please describe what the picture shows.",
    ),
    "alt_too_long": _(
        "msg_picture_alt_too_long",
        default="The alternative text of picture ${number} is too long: "
        "at most 250 characters, please.",
    ),
    "alt_filename": _(
        "msg_picture_alt_filename",
        default="The alternative text of picture ${number} is a file name: "
        "please describe what the picture shows.",
    ),
}


def alt_message(reason, number):
    """The German message for an alternative-text problem of picture
    ``number`` (1, 2, 3)."""
    from zope.i18nmessageid import Message

    return Message(MSG_ALT[reason], mapping={"number": number})


class PictureRefused(ValidationError):
    """A refused picture: the German message for the edit form and REST."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def doc(self):
        return self.message


def picture_constraint(value):
    """The edit form and PATCH check a picture as the intake does: JPEG or
    PNG by content, within the size and pixel limits."""
    if value is None:
        return True
    from ikz.landespreis.domain.files import sniff
    from ikz.landespreis.domain.files import TYPES
    from ikz.landespreis.domain.pictures import picture_limit
    from ikz.landespreis.domain.pictures import picture_problem
    from ikz.landespreis.intake.settings import upload_limits
    from ikz.landespreis.intake.store import _file_stream
    from ikz.landespreis.intake.store import MSG_PICTURE
    from zope.i18nmessageid import Message

    max_bytes = picture_limit(upload_limits()[1])
    with _file_stream(value) as stream:
        reason = picture_problem(stream, max_bytes)
        kind = sniff(stream)
    if not reason and kind in TYPES:
        # the type found by the content, not the one the client declared
        # (the edit form and PATCH store this very object after validation)
        value.contentType = TYPES[kind][1]
    if reason:
        raise PictureRefused(
            Message(
                MSG_PICTURE[reason],
                mapping={
                    "name": getattr(value, "filename", "") or "",
                    "limit": max_bytes // (1024 * 1024),
                    "types": "JPEG, PNG",
                },
            )
        )
    return True


PICTURE_HELP = _(
    "JPEG or PNG. Shown on the winners' pages only with the consent to publication."
)
ALT_HELP = _(
    "What does the picture show? Required for every picture (5 to 250 characters)."
)


def must_be_true(value):
    if not value:
        raise Invalid(_("Please agree to the processing of your data."))
    return True


class ISubmission(model.Schema):
    """Schema of an application."""

    reference = schema.TextLine(
        title=_("Reference number"),
        required=False,
        readonly=True,
    )
    title = schema.TextLine(title=_("Project title"), required=True)
    lead_municipality = schema.TextLine(
        title=_("Lead municipality or association"), required=True
    )
    no_lead = schema.Bool(
        title=_("No lead municipality named"),
        description=_("Then the council decision of all partners must be attached."),
        required=False,
        default=False,
    )
    department = schema.TextLine(title=_("Department"), required=False)
    partners = schema.List(
        title=_("Partner municipalities"),
        description=_("One partner per line."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    model.fieldset(
        "contact",
        label=_("Contact"),
        fields=["contact_name", "contact_email", "contact_phone"],
    )
    directives.read_permission(
        contact_name=CONTACT_VIEW,
        contact_email=CONTACT_VIEW,
        contact_phone=CONTACT_VIEW,
    )
    directives.write_permission(
        contact_name=CONTACT_EDIT,
        contact_email=CONTACT_EDIT,
        contact_phone=CONTACT_EDIT,
    )
    contact_name = schema.TextLine(title=_("Contact person"), required=True)
    contact_email = Email(title=_("E-mail"), required=True)
    contact_phone = schema.TextLine(title=_("Phone"), required=False)

    model.fieldset(
        "project",
        label=_("Project"),
        fields=[
            "contract_date",
            "project_status",
            "legal_form",
            "funding",
            "summary",
            "benefit",
            "innovation",
            "sustainability",
        ],
    )
    contract_date = schema.Date(
        title=_("Cooperation contractually agreed on"), required=False
    )
    project_status = schema.Choice(
        title=_("Status of the project"),
        vocabulary=PROJECT_STATUS,
        required=False,
    )
    legal_form = schema.TextLine(title=_("Legal form"), required=False)
    funding = schema.Text(title=_("Earlier state or federal funding"), required=False)
    summary = schema.Text(title=_("Short description"), required=True)
    benefit = schema.Text(title=_("Gain of the cooperation"), required=False)
    innovation = schema.Text(title=_("Degree of innovation"), required=False)
    sustainability = schema.Text(
        title=_("Future viability, usability and sustainability"), required=False
    )

    model.fieldset(
        "files",
        label=_("Attachments"),
        fields=["project_file", "council_decision_file", "attachment_file"],
    )
    project_file = NamedBlobFile(title=_("Project profile"), required=False)
    council_decision_file = NamedBlobFile(title=_("Council decision"), required=False)
    attachment_file = NamedBlobFile(title=_("Further attachment"), required=False)

    model.fieldset(
        "pictures",
        label=_("Pictures"),
        fields=[name for pair in PICTURE_FIELDS for name in pair],
    )
    picture_1 = NamedBlobImage(
        title=_("Picture 1"),
        description=PICTURE_HELP,
        required=False,
        constraint=picture_constraint,
    )
    picture_1_alt = schema.TextLine(
        title=_("Alternative text of picture 1"),
        description=ALT_HELP,
        required=False,
        max_length=ALT_MAX,
    )
    picture_2 = NamedBlobImage(
        title=_("Picture 2"),
        description=PICTURE_HELP,
        required=False,
        constraint=picture_constraint,
    )
    picture_2_alt = schema.TextLine(
        title=_("Alternative text of picture 2"),
        description=ALT_HELP,
        required=False,
        max_length=ALT_MAX,
    )
    picture_3 = NamedBlobImage(
        title=_("Picture 3"),
        description=PICTURE_HELP,
        required=False,
        constraint=picture_constraint,
    )
    picture_3_alt = schema.TextLine(
        title=_("Alternative text of picture 3"),
        description=ALT_HELP,
        required=False,
        max_length=ALT_MAX,
    )

    model.fieldset(
        "consent",
        label=_("Consent"),
        fields=["privacy_consent", "publication_consent"],
    )
    directives.write_permission(
        privacy_consent=CONSENT_EDIT, publication_consent=CONSENT_EDIT
    )
    privacy_consent = schema.Bool(
        title=_("Consent to data processing"),
        required=True,
        constraint=must_be_true,
    )
    publication_consent = schema.Bool(
        title=_("Consent to publication"),
        description=_("The project may be published if it wins a prize."),
        required=False,
        default=False,
    )

    # Answers to questions the editors added to the form; shown in the view.
    directives.omitted("additional_answers")
    additional_answers = schema.Dict(
        title=_("Additional answers"),
        key_type=schema.TextLine(),
        value_type=schema.Text(),
        required=False,
        default={},
    )

    model.fieldset(
        "office",
        label=_("Office"),
        fields=["eligibility_flags", "internal_notes", "rejection_reason"],
    )
    directives.read_permission(
        eligibility_flags=INTERNAL_VIEW,
        internal_notes=INTERNAL_VIEW,
        rejection_reason=INTERNAL_VIEW,
    )
    directives.write_permission(
        eligibility_flags=INTERNAL_EDIT,
        internal_notes=INTERNAL_EDIT,
        rejection_reason=INTERNAL_EDIT,
    )
    directives.mode(eligibility_flags="display")
    eligibility_flags = schema.List(
        title=_("Eligibility flags"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    internal_notes = schema.Text(title=_("Internal notes"), required=False)
    rejection_reason = schema.Text(title=_("Reason for rejection"), required=False)

    submitted_at = schema.Datetime(
        title=_("Received at"),
        required=False,
        readonly=True,
    )

    directives.read_permission(**dict.fromkeys(DETAIL_FIELDS, DETAILS_VIEW))

    @invariant
    def pictures_have_alt_texts(data):
        """Every picture has an alternative text (edit forms, PATCH)."""
        for number, (picture, alt) in enumerate(PICTURE_FIELDS, start=1):
            if getattr(data, picture, None) is None:
                continue
            reason = alt_problem(getattr(data, alt, None))
            if reason is not None:
                raise Invalid(alt_message(reason, number))


@implementer(ISubmission)
class Submission(Item):
    """An application."""

    reference = None
    submitted_at = None
    no_lead = False

    def isTemporary(self):
        """True only while the intake stores a new application: Plone's
        indexing queue then leaves it alone, and it is catalogued right
        after the commit (see intake/indexing.py)."""
        return bool(getattr(self, "_v_ikz_defer_catalog", False))
