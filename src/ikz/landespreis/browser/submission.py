from plone.dexterity.browser.view import DefaultView


class SubmissionView(DefaultView):
    """The default Dexterity view (field permissions apply) plus the
    answers to form questions that have no field of their own."""

    def additional_answers(self):
        answers = self.context.additional_answers or {}
        return sorted(answers.items())
