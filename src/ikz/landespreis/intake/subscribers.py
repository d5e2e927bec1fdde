from ikz.landespreis.intake.form import ensure_application_form
from ikz.landespreis.intake.sequence import ensure_counter
from ikz.landespreis.intake.store import ensure_fingerprints
from plone.contentrules.engine.interfaces import IRuleAssignmentManager


def competition_added(competition, event):
    """Every competition gets its application form, reference counter and
    register of posts, before the first application can arrive."""
    ensure_counter(competition)
    ensure_fingerprints(competition)
    ensure_application_form(competition)


def category_added(category, event):
    """Create what the first application would otherwise write into the
    category (the content rules' assignment storage), so concurrent first
    applications do not conflict on it."""
    IRuleAssignmentManager(category)
