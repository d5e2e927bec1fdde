"""Application intake (Zope side): the easyform action, the form, mails."""
