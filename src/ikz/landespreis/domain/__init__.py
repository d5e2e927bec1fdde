"""Pure domain rules: no Zope, no Plone, callable from unit tests."""
