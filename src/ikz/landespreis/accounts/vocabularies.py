"""No listing of principals for anonymous visitors.

plone.app.content and plone.restapi look up the permission a vocabulary
needs in ``plone.app.content.browser.vocabulary.PERMISSIONS`` (their
documented extension point; vocabularies not named there need only
"View"). Principals and groups were therefore listed to anyone through
``@vocabularies`` and ``@@getVocabulary``. They now need what
``plone.app.vocabularies.Users`` needs already: "Modify portal content",
as the sharing and jury forms of the office have.
"""

from plone.app.content.browser.vocabulary import PERMISSIONS


PROTECTED = {
    "plone.app.vocabularies.Principals": "Modify portal content",
    "plone.app.vocabularies.Groups": "Modify portal content",
    "plone.app.vocabularies.Users": "Modify portal content",
    "plone.app.vocabularies.Roles": "Modify portal content",
    "plone.app.users.group_ids": "Modify portal content",
    "easyform.ProxyRoleChoices": "Modify portal content",
}


def protect_principal_vocabularies():
    PERMISSIONS.update(PROTECTED)
