"""Start page, winners showcase, logo and sharing data of the portal."""

from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import time_left
from ikz.landespreis.jury import decision as decisions
from ikz.landespreis.pictures import pictures_of
from ikz.landespreis.portal import consultation
from ikz.landespreis.portal import settings
from plone import api
from plone.app.layout.viewlets.common import LogoViewlet as BaseLogoViewlet
from plone.app.layout.viewlets.social import SocialTagsViewlet
from plone.memoize.view import memoize
from Products.CMFPlone.utils import getSiteLogo
from Products.Five.browser import BrowserView
from zope.i18n import translate

import json


PHASES = {
    "preparation": "announced",
    "announced": "announced",
    "open": "open",
    "judging": "judging",
    "decided": "judging",
    "results_published": "results",
    "archived": "archived",
}

# (id in the site, title) of the portal's links; the start page shows
# only those that exist
SITE_LINKS = (
    ("preistraeger", _("Winners")),
    ("archiv", _("Earlier editions")),
    ("termine", _("Consultation hours and dates")),
    ("aktuelles", _("News")),
    ("leichte-sprache", _("Easy-to-read German")),
)
EDITION_LINKS = (
    ("bewerbung", _("Application form")),
    ("teilnahmebedingungen", _("Conditions of participation")),
    ("preise", _("Prizes")),
    ("faq", _("Frequently asked questions")),
    ("kontakt", _("Contact")),
)


def current_competition():
    """The newest competition a visitor may see that is not archived."""
    brains = api.content.find(
        portal_type="Competition", sort_on="created", sort_order="descending"
    )
    for brain in brains:
        if brain.review_state not in ("archived", "preparation"):
            return brain.getObject()
    return None


def winners_of(competition):
    """Per category the published winners with the jury's justification."""
    result = []
    categories = api.content.find(
        context=competition,
        depth=1,
        portal_type="Category",
        sort_on="getObjPositionInParent",
    )
    for category in categories:
        found = api.content.find(
            path={"query": category.getPath(), "depth": 1},
            portal_type="Submission",
            review_state="published",
            sort_on="sortable_title",
        )
        if not found:
            continue
        record = decisions.get(category.getObject()) or {}
        entries = []
        for brain in found:
            obj = brain.getObject()
            entries.append({
                "title": brain.Title,
                "url": brain.getURL(),
                "lead": getattr(obj, "lead_municipality", "") or "",
                "partners": [p for p in (getattr(obj, "partners", None) or []) if p],
                "summary": getattr(obj, "summary", "") or brain.Description,
                "justification": justification(record, brain.UID),
                "pictures": pictures_of(obj, scale="preview"),
            })
        result.append({
            "category": category.Title,
            "url": category.getURL(),
            "prize": formatting.german_money(competition.prize_amount),
            "winners": entries,
        })
    return result


def winner_facts(submission):
    """Competition, category, prize and the jury's justification of a
    published winner."""
    from Acquisition import aq_inner
    from Acquisition import aq_parent
    from ikz.landespreis.utils import find_competition

    category = aq_parent(aq_inner(submission))
    competition = find_competition(submission)
    record = decisions.get(category) or {}
    return {
        "competition": competition.Title() if competition is not None else "",
        "competition_url": competition.absolute_url() if competition else "",
        "category": category.Title(),
        "prize": formatting.german_money(competition.prize_amount)
        if competition is not None
        else "",
        "justification": justification(record, api.content.get_uuid(submission)),
    }


def _dump(data):
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def winner_json_ld(submission):
    """schema.org ``CreativeWork`` of a published winner: name, text,
    partners, the award and its pictures (public scales only)."""
    facts = winner_facts(submission)
    partners = [
        getattr(submission, "lead_municipality", "") or "",
        *(p for p in (getattr(submission, "partners", None) or []) if p),
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": submission.Title(),
        "url": submission.absolute_url(),
        "description": getattr(submission, "summary", "") or "",
        "award": f"{facts['competition']}: {facts['category']}",
        "contributor": [
            {"@type": "GovernmentOrganization", "name": name}
            for name in partners
            if name
        ],
    }
    images = [
        {"@type": "ImageObject", "contentUrl": p["url"], "description": p["alt"]}
        for p in pictures_of(submission, scale="great")
    ]
    if images:
        data["image"] = images
    return _dump(data)


def justification(record, uid):
    """The jury's justification for ``uid`` from a signed decision: per
    winner when the record has one, else the category's justification."""
    if not record:
        return ""
    # "laudatio" is what a signature stores (jury/decision.py)
    for key in ("laudatio", "justifications", "laudations", "winner_justifications"):
        per_winner = record.get(key)
        if isinstance(per_winner, dict) and per_winner.get(uid):
            return str(per_winner[uid])
    return str(record.get("justification") or "")


class StartView(BrowserView):
    """The site's front page: follows the phase of the current edition."""

    def now(self):
        return datetime.now(BERLIN)

    def competition(self):
        if not hasattr(self, "_competition"):
            self._competition = current_competition()
        return self._competition

    def phase(self):
        competition = self.competition()
        if competition is None:
            return "archived"
        return PHASES.get(api.content.get_state(competition), "announced")

    def dates(self):
        c = self.competition()
        left = ""
        if c is not None and c.submission_end is not None:
            delta = time_left(c.submission_end, self.now())
            if delta is not None and delta.total_seconds() > 0:
                left = formatting.german_duration(delta)
        return {
            "start": formatting.german_datetime(c.submission_start) if c else "",
            "end": formatting.german_datetime(c.submission_end) if c else "",
            "ceremony": formatting.german_datetime(c.ceremony_date) if c else "",
            "left": left,
            "prize": formatting.german_money(c.prize_amount) if c else "",
        }

    def edition_url(self, name=None):
        c = self.competition()
        if c is None:
            return None
        if name is None:
            return c.absolute_url()
        return c[name].absolute_url() if name in c else None

    def categories(self):
        c = self.competition()
        if c is None:
            return []
        return api.content.find(
            context=c, depth=1, portal_type="Category", sort_on="getObjPositionInParent"
        )

    def links(self):
        portal = api.portal.get()
        found = []
        for name, title in EDITION_LINKS:
            url = self.edition_url(name)
            if url:
                found.append({"title": title, "url": url})
        for name, title in SITE_LINKS:
            if name in portal and api.user.has_permission("View", obj=portal[name]):
                found.append({"title": title, "url": portal[name].absolute_url()})
        return found

    def hours(self):
        return [
            {"title": b.Title, "url": b.getURL(), "when": consultation.when(b)}
            for b in consultation.hours()[:3]
        ]

    def news(self):
        brains = api.content.find(
            portal_type="News Item", sort_on="effective", sort_order="descending"
        )[:3]
        return [
            {
                "title": b.Title,
                "url": b.getURL(),
                "description": b.Description,
                "date": formatting.german_date(
                    (b.effective if b.effective.year() > 2000 else b.created)
                    .asdatetime()
                    .date()
                ),
            }
            for b in brains
        ]

    def winners(self):
        c = self.competition()
        return winners_of(c) if c is not None else []

    def sign_language_video(self):
        return settings.get("sign_language_video")


class WinnersView(BrowserView):
    """ "Preisträger": the winners of every edition with results."""

    def editions(self):
        brains = api.content.find(
            portal_type="Competition", sort_on="created", sort_order="descending"
        )
        result = []
        for brain in brains:
            if brain.review_state not in ("results_published", "archived"):
                continue
            competition = brain.getObject()
            end = getattr(competition, "submission_end", None)
            result.append({
                "title": brain.Title,
                "url": brain.getURL(),
                "label": competition.edition_label or "",
                "categories": winners_of(competition),
                "order": end.timestamp() if end is not None else 0,
            })
        # the newest edition first (an archived edition may be created later)
        result.sort(key=lambda edition: edition["order"], reverse=True)
        return result

    def json_ld(self):
        items = []
        for edition in self.editions():
            for group in edition["categories"]:
                for winner in group["winners"]:
                    items.append({
                        "@type": "ListItem",
                        "position": len(items) + 1,
                        "item": {
                            "@type": "CreativeWork",
                            "name": winner["title"],
                            "url": winner["url"],
                            "description": winner["summary"],
                            "award": f"{edition['title']}: {group['category']}",
                            **(
                                {"image": winner["pictures"][0]["url"]}
                                if winner["pictures"]
                                else {}
                            ),
                        },
                    })
        data = {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "name": translate(_("Winners"), context=self.request),
            "itemListElement": items,
        }
        return _dump(data)


class LogoViewlet(BaseLogoViewlet):
    """The site's logo image if one is set, else the text logo."""

    def update(self):
        super().update()
        self.logo_text = settings.get("logo_text")
        self.logo_subtitle = settings.get("logo_subtitle")
        self.has_image = bool(
            api.portal.get_registry_record("plone.site_logo", default=None)
        )


class WinnerSocialTags(SocialTagsViewlet):
    """Open Graph data of a winner page: the short description and the
    first public picture (a scale, with its alternative text) instead of
    the empty description and the site's logo."""

    @memoize
    def _get_tags(self):
        from ikz.landespreis.pictures import PUBLISHED

        tags = super()._get_tags()
        if not tags or api.content.get_state(self.context, None) not in PUBLISHED:
            return tags
        summary = " ".join((getattr(self.context, "summary", "") or "").split())
        if len(summary) > 300:
            summary = summary[:299].rsplit(" ", 1)[0] + " …"
        replaced = {"og:description", "og:type", "og:image", "og:image:type"}
        tags = [
            t
            for t in tags
            if t.get("property") not in replaced
            and t.get("itemprop") not in ("description", "image")
        ]
        tags += [
            {"property": "og:type", "content": "article"},
            {"property": "og:description", "content": summary},
            {"itemprop": "description", "content": summary},
        ]
        pictures = pictures_of(self.context, scale="great")
        if pictures:
            first = pictures[0]
            tags = [t for t in tags if t.get("name") != "twitter:card"]
            tags += [
                {"name": "twitter:card", "content": "summary_large_image"},
                {"property": "og:image", "content": first["url"]},
                {"property": "og:image:width", "content": first["width"]},
                {"property": "og:image:height", "content": first["height"]},
                {"property": "og:image:alt", "content": first["alt"]},
                {"itemprop": "image", "content": first["url"]},
            ]
        else:
            url, mime_type = getSiteLogo(include_type=True)
            tags += [
                {"property": "og:image", "content": url},
                {"property": "og:image:type", "content": mime_type},
                {"itemprop": "image", "content": url},
            ]
        return tags
