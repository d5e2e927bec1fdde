"""Prepare the post benchmark (``zconsole run <zope.conf> <this>``).

Makes sure the demo competition accepts applications now (open, with a
window around now), and adds beside its form ``bewerbung`` a plain
collective.easyform form ``formular`` with the same fields and only
easyform's saveData action. Reports both forms' paths in the site.
"""

from benchsite import open_site
from benchsite import report
from datetime import datetime
from datetime import timedelta
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.intake.form import FIELDS_MODEL
from ikz.landespreis.intake.store import acceptance_problem
from plone import api

import transaction


PLAIN_ID = "formular"
SAVE_DATA_ONLY = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="saveData" type="collective.easyform.actions.SaveData">
      <title>Gespeicherte Eingaben</title>
    </field>
  </schema>
</model>
"""


def main(app):
    competition = open_site(app)["landespreis-2026"]
    if acceptance_problem(competition) is not None:
        now = datetime.now(BERLIN)
        competition.submission_start = now - timedelta(days=1)
        competition.submission_end = now + timedelta(weeks=10)
        if api.content.get_state(competition) != "open":
            api.content.transition(competition, to_state="open")
    assert acceptance_problem(competition) is None, (
        "the competition does not accept posts"
    )
    ours = competition["bewerbung"]
    if PLAIN_ID not in competition:
        plain = api.content.create(
            container=competition,
            type="EasyForm",
            id=PLAIN_ID,
            title="Formular",
            safe_id=False,
        )
        plain.fields_model = FIELDS_MODEL
        plain.actions_model = SAVE_DATA_ONLY
        plain.submitLabel = ours.submitLabel
        plain.useCancelButton = False
        plain.CSRFProtection = True
        api.content.transition(plain, to_state="published")
    transaction.commit()
    report({
        "ours": f"{competition.getId()}/{ours.getId()}",
        "plain": f"{competition.getId()}/{PLAIN_ID}",
    })


main(app)  # noqa: F821 - zconsole provides ``app``
