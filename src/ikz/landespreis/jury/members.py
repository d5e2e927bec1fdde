"""Bringing jurors in and out: ``@@jury-members`` (members, chair, deputy,
panels, invitations), ``@@jury-reminders`` and ``@@vertraulichkeit`` (the
invited juror accepts the confidentiality statement)."""

from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import access
from ikz.landespreis.jury import confidentiality
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury.service import send_reminders
from ikz.landespreis.utils import competition_categories
from ikz.landespreis.utils import current_user_id
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


class JuryMembersView(BrowserView):
    """``@@jury-members``: editors manage the jury, its chair and panels."""

    def __call__(self):
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            user_id = (form.get("user_id") or "").strip()
            try:
                invited = self.apply(form, user_id)
            except duties.DutyError as error:
                # nothing changed: the whole request's changes are dropped;
                # one message, on the page itself
                return pages.refused(self, error.message)
            changed = access.sync_competition(self.context)
            if invited:
                message = _(
                    "msg_juror_invited",
                    default="${user} has been invited by e-mail. The juror "
                    "sees applications only after setting a password and "
                    "accepting the confidentiality statement.",
                    mapping={"user": membership.full_name(invited)},
                )
            else:
                message = _(
                    "msg_jury_updated",
                    default=(
                        "The jury has been updated; access changed on "
                        "${count} submissions."
                    ),
                    mapping={"count": changed},
                )
            return pages.done(
                self, message, self.context.absolute_url() + "/@@jury-members"
            )
        return self.index()

    def apply(self, form, user_id):
        # "add" (an existing user; its "invite" box mails an invitation)
        # before the form that invites a new person by e-mail
        if "invite" in form and "add" not in form:
            categories = form.get("invite_panels") or []
            if isinstance(categories, str):
                categories = [categories]
            return confidentiality.invite(
                self.context,
                form.get("fullname", ""),
                form.get("email", ""),
                form.get("organisation", ""),
                categories,
            )
        if "add" in form and not user_id:
            raise duties.DutyError(
                translate(
                    _("msg_user_missing", default="Please give a user name."),
                    context=self.request,
                )
            )
        if "add" in form and user_id:
            self.add(form, user_id)
        elif "remove" in form and user_id:
            membership.remove_member(self.context, user_id)
        elif "chair" in form and user_id:
            membership.set_chair(self.context, user_id, form.get("chair") == "1")
        elif "deputy" in form and user_id:
            membership.set_deputy(self.context, user_id, form.get("deputy") == "1")
        elif "panel" in form:
            self.set_panel(form)
        return None

    def add(self, form, user_id):
        if api.user.get(userid=user_id) is None:
            raise duties.DutyError(
                translate(
                    _(
                        "msg_unknown_user_invite",
                        default='There is no user "${user}". To bring a new '
                        'juror in, use "Invite a juror by e-mail" below.',
                        mapping={"user": user_id},
                    ),
                    context=self.request,
                )
            )
        membership.add_member(self.context, user_id, chair=bool(form.get("chair")))
        organisation = (form.get("organisation") or "").strip()
        if organisation:
            api.user.get(userid=user_id).setMemberProperties({
                "home_organisation": organisation
            })
        if form.get("invite"):
            from ikz.landespreis.jury.service import send_invitation

            send_invitation(self.context, user_id)

    def set_panel(self, form):
        category_id = form.get("category")
        if category_id not in {c["id"] for c in self.categories()}:
            raise duties.DutyError(
                "Bitte wählen Sie eine Kategorie dieses Wettbewerbs."
            )
        users = form.get("panel_members") or []
        if isinstance(users, str):
            users = [users]
        jury = set(membership.members(self.context))
        unknown = sorted(set(users) - jury)
        if unknown:
            raise duties.DutyError(
                duties.MSG_NOT_MEMBER.format(user=", ".join(unknown))
            )
        membership.set_panel(self.context, category_id, users)

    def may_appoint(self):
        return duties.is_admin()

    def members(self):
        chairs = set(membership.chairs(self.context))
        deputies = set(membership.deputies(self.context))
        result = []
        for user_id in membership.members(self.context):
            user = api.user.get(userid=user_id)
            result.append({
                "id": user_id,
                "name": user.getProperty("fullname", "") if user else user_id,
                "organisation": membership.home_organisation(user_id),
                "statement": confidentiality.pending(self.context, user_id),
                "chair": user_id in chairs,
                "deputy": user_id in deputies,
            })
        return result

    def categories(self):
        panels = membership.panels(self.context)
        return [
            {"id": b.getId, "title": b.Title, "panel": panels.get(b.getId, [])}
            for b in competition_categories(self.context)
        ]


class RemindersView(BrowserView):
    """``@@jury-reminders``: mail every juror with open scores (POST)."""

    def __call__(self):
        if self.request.method != "POST":
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-members"
            )
            return ""
        CheckAuthenticator(self.request)
        sent = send_reminders(self.context)
        return pages.done(
            self,
            _(
                "msg_reminders_sent",
                default="Reminders sent to ${count} jurors.",
                mapping={"count": len(sent)},
            ),
            self.context.absolute_url() + "/@@jury-members",
        )


class ConfidentialityView(BrowserView):
    """``@@vertraulichkeit`` on a competition: an invited juror reads and
    accepts the confidentiality statement; only then do the applications
    assigned to them become visible (the acceptance is audited)."""

    def __call__(self):
        self.juror = current_user_id()
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if not self.request.form.get("accept"):
                return pages.refused(
                    self,
                    _(
                        "msg_accept_statement",
                        default="Please confirm that you accept the "
                        "confidentiality statement.",
                    ),
                    doom=False,
                )
            url = self.context.absolute_url() + "/@@jury"
            if not confidentiality.accept(self.context, self.juror):
                # accepted before: straight to the jury area
                self.request.response.redirect(url)
                return ""
            access.sync_competition(self.context)
            return pages.done(
                self,
                _(
                    "msg_statement_accepted",
                    default="Thank you. Your acceptance has been recorded; "
                    "here are the applications assigned to you.",
                ),
                url,
            )
        return self.index()

    def statement(self):
        return confidentiality.statement(self.context)

    def pending(self):
        return confidentiality.pending(self.context, self.juror)

    def accepted_at(self):
        entry = confidentiality.record(self.context, self.juror)
        if entry is None or not entry.get("accepted_at"):
            return ""
        return formatting.german_datetime(entry["accepted_at"])
