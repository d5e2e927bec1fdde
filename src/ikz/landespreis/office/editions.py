"""A new edition from an earlier competition: categories, criteria, pages and
form are copied; submissions, scores and the jury are not; dates are cleared."""

from ikz.landespreis.content.category import ICategory
from ikz.landespreis.content.competition import ICompetition
from ikz.landespreis.intake.form import FORM_ID
from ikz.landespreis.jury.membership import JURY_AREA_ROLE
from plone import api
from zope.schema import getFieldsInOrder

import copy


DATES = (
    "submission_start",
    "submission_end",
    "cutoff_date",
    "jury_deadline",
    "ceremony_date",
)
FORM_SETTINGS = (
    "fields_model",
    "actions_model",
    "formPrologue",
    "formEpilogue",
    "submitLabel",
    "thankstitle",
    "thanksdescription",
    "thanksPrologue",
    "thanksEpilogue",
)
PAGE_TYPES = ("Document", "Folder", "File", "Image")


def new_edition(source, title, new_id=None):  # noqa: C901 - copies each part of an edition
    container = source.__parent__
    values = {
        name: copy.deepcopy(getattr(source, name, None))
        for name, _field in getFieldsInOrder(ICompetition)
        if name not in DATES
    }
    edition = api.content.create(
        container=container,
        type="Competition",
        id=new_id,
        title=title,
        description=source.Description(),
        safe_id=True,
        **values,
    )
    for obj in source.objectValues():
        if ICategory.providedBy(obj):
            api.content.create(
                container=edition,
                type="Category",
                id=obj.getId(),
                title=obj.Title(),
                description=obj.Description(),
                text=obj.text,
                short_code=obj.short_code,
                special_category=obj.special_category,
                prize_override=obj.prize_override,
                exclude_from_nav=getattr(obj, "exclude_from_nav", False),
            )
        elif obj.getId() == FORM_ID:
            form = edition[FORM_ID]  # created with the competition
            for name in FORM_SETTINGS:
                if hasattr(obj, name):
                    setattr(form, name, copy.deepcopy(getattr(obj, name)))
        elif obj.portal_type in PAGE_TYPES:
            api.content.copy(source=obj, target=edition, safe_id=True)
    from ikz.landespreis import mailtemplates

    mailtemplates.copy(source, edition)  # the office's mail texts
    # the new jury reads its own area; the old jury's local roles stay behind
    for principal, _roles in list(edition.get_local_roles()):
        if principal.startswith("jury-") and principal != edition.jury_group:
            edition.manage_delLocalRoles([principal])
    for area in edition.objectValues():
        for principal, _roles in list(area.get_local_roles()):
            if principal.startswith("jury-"):
                area.manage_delLocalRoles([principal])
                area.manage_setLocalRoles(edition.jury_group, [JURY_AREA_ROLE])
        area.reindexObjectSecurity()
    return edition
