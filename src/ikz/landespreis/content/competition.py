"""Competition: one edition of the prize, folderish."""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.row import DictRow
from ikz.landespreis import _
from ikz.landespreis.domain import criteria as criteria_rules
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.interfaces import ICompetitionMarker
from plone.app.textfield import RichText
from plone.autoform import directives
from plone.base.interfaces import INavigationRoot
from plone.dexterity.content import Container
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant


def _positive_weight(value):
    if value is None or value <= 0:
        raise Invalid(criteria_rules.MSG_BAD_WEIGHT)
    return True


class ICriterion(Interface):
    """One row of the criteria table."""

    id = schema.ASCIILine(
        title=_("Identifier"),
        description=_("Short technical name, e.g. benefit (letters, digits, -, _)."),
        required=True,
        constraint=criteria_rules.valid_criterion_id,
    )
    title = schema.TextLine(title=_("Criterion"), required=True)
    description = schema.Text(title=_("Description"), required=False)
    weight = schema.Float(
        title=_("Weight"),
        required=True,
        default=1.0,
        constraint=_positive_weight,
    )
    rubric = schema.Text(
        title=_("Rubric"),
        description=_(
            "What the scores mean: one band per line, 'from-to: meaning', "
            "for example '0-3: hardly any added value'."
        ),
        required=False,
    )


class ICompetition(model.Schema):
    """Schema of a competition edition."""

    intro = RichText(
        title=_("Introduction"),
        description=_("Shown at the top of the competition page."),
        required=False,
    )
    edition_label = schema.TextLine(
        title=_("Edition"),
        description=_("For example: 2. Landespreis 2025/26"),
        required=False,
    )

    model.fieldset(
        "dates",
        label=_("Dates"),
        fields=[
            "submission_start",
            "submission_end",
            "cutoff_date",
            "jury_deadline",
            "ceremony_date",
        ],
    )
    submission_start = schema.Datetime(
        title=_("Submission period starts"),
        description=_("Date and time in German time (Europe/Berlin)."),
        required=False,
    )
    submission_end = schema.Datetime(
        title=_("Submission period ends"),
        description=_(
            "Date and time in German time (Europe/Berlin). Posts are accepted "
            "up to and including this moment."
        ),
        required=False,
    )
    cutoff_date = schema.Date(
        title=_("Eligibility cut-off date"),
        description=_(
            "The cooperation must have been contractually agreed on or after this date."
        ),
        required=False,
    )
    jury_deadline = schema.Datetime(
        title=_("Jury deadline"),
        description=_("Jurors finish their scores by this time."),
        required=False,
    )
    ceremony_date = schema.Datetime(title=_("Award ceremony"), required=False)

    model.fieldset(
        "jury",
        label=_("Prize and jury"),
        fields=[
            "prize_amount",
            "prizes_per_category",
            "nominees_per_category",
            "score_min",
            "score_max",
            "criteria",
            "confidentiality_statement",
            "office_email",
        ],
    )
    prize_amount = schema.Int(
        title=_("Prize per category (EUR)"),
        required=True,
        default=10000,
        min=0,
    )
    prizes_per_category = schema.Int(
        title=_("Number of prizes per category"),
        description=_(
            "The jury names at most this many winners per category; a prize is "
            "never split."
        ),
        required=True,
        default=1,
        min=1,
        max=10,
    )
    nominees_per_category = schema.Int(
        title=_("Nominees per category (at most)"),
        description=_("The jury may name nominees besides the winners; 0 for none."),
        required=True,
        default=3,
        min=0,
        max=20,
    )
    score_min = schema.Int(title=_("Lowest score"), required=True, default=0)
    score_max = schema.Int(title=_("Highest score"), required=True, default=10)
    directives.widget("criteria", DataGridFieldWidgetFactory)
    criteria = schema.List(
        title=_("Criteria"),
        description=_(
            "The jury scores every admitted submission against each criterion; "
            "the weights decide how much each criterion counts."
        ),
        value_type=DictRow(title=_("Criterion"), schema=ICriterion),
        required=False,
        default=[],
    )
    confidentiality_statement = schema.Text(
        title=_("Confidentiality statement for jurors"),
        description=_(
            "Invited jurors accept this text before they see any application. "
            "Without a text of your own, a standard statement is used."
        ),
        required=False,
    )
    office_email = Email(
        title=_("E-mail address of the competition office"),
        description=_("Receives a notification for every submission."),
        required=False,
    )

    @invariant
    def scale_is_ordered(data):
        low = getattr(data, "score_min", None)
        high = getattr(data, "score_max", None)
        if low is not None and high is not None and low >= high:
            raise Invalid(_("The highest score must be greater than the lowest score."))

    @invariant
    def window_is_ordered(data):
        start = getattr(data, "submission_start", None)
        end = getattr(data, "submission_end", None)
        if start is not None and end is not None and to_berlin(start) >= to_berlin(end):
            raise Invalid(_("The submission period must end after it starts."))

    @invariant
    def criteria_are_valid(data):
        rows = getattr(data, "criteria", None) or []
        problem = criteria_rules.check_criteria(rows)
        if problem:
            raise Invalid(problem)
        low = getattr(data, "score_min", None)
        high = getattr(data, "score_max", None)
        if low is None or high is None:
            return
        for row in rows:
            problem = criteria_rules.check_bands(row.get("rubric"), low, high)
            if problem:
                raise Invalid(problem)


@implementer(ICompetition, ICompetitionMarker, INavigationRoot)
class Competition(Container):
    """A competition edition: the root of its own navigation (Start,
    Bewerbung, Teilnahmebedingungen, Preise, FAQ, Kontakt)."""
