"""Application intake (Zope side). Importing it closes the form-model
escalation path before any form is used (see ikz.landespreis.security)."""

from ikz.landespreis.security import protect_models


protect_models()
