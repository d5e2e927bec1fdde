"""POST ``@workflow/<transition>`` on a submission or a competition: as
plone.restapi's, but a refused transition says why, in German."""

from ikz.landespreis import guards
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.i18n import translate


class WorkflowTransitionPost(WorkflowTransition):
    def reply(self):
        if self.transition is not None:
            available = {
                t["id"] for t in self.wftool.getTransitionsFor(self.context) or ()
            }
            if self.transition not in available:
                self.request.response.setStatus(400)
                reason = guards.why_not(self.context, self.transition)
                return {
                    "error": {
                        "type": "WorkflowException",
                        "message": translate(reason, context=self.request),
                    }
                }
        return super().reply()
