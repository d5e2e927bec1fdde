from ikz.landespreis.domain import formatting
from plone import api
from Products.Five.browser import BrowserView


class CategoryView(BrowserView):
    def prize(self):
        amount = self.context.prize_override
        if amount is None:
            amount = getattr(self.context.__parent__, "prize_amount", None)
        return formatting.german_money(amount)

    def submissions(self):
        """Submissions the current user may see (the catalog filters)."""
        return api.content.find(
            context=self.context,
            depth=1,
            portal_type="Submission",
            sort_on="sortable_title",
        )
