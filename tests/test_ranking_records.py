"""The ranking's compact per-category records (issue 18): after every
change that matters (a final score, a draft, a reopened score, a juror
leaving the jury, a move, a removal) the ranking from the records equals the
ranking computed from the score annotations and the jury's local roles
with the same pure function; the rebuild (maintenance view for Site
Administrators, upgrade step 1010) restores them."""

from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis.domain.ranking import rank
from ikz.landespreis.jury import access
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.jury import service
from ikz.landespreis.jury.access import JURY_STATES
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.base import add_user
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.base import PROFILE_VERSION
from zope.annotation.interfaces import IAnnotations

import re
import requests
import transaction


def from_annotations(competition):
    """The ranking as the records must give it, from the sources: the score
    annotations of the applications before the jury and the jurors who
    hold the Juror role on each."""
    criteria = [(c["id"], float(c["weight"])) for c in competition.criteria]
    entries, expected, categories = [], {}, {}
    for category in competition.contentValues():
        if category.portal_type != "Category":
            continue
        for submission in category.contentValues():
            if api.content.get_state(submission) not in JURY_STATES:
                continue
            uid = api.content.get_uuid(submission)
            categories.setdefault(category.getId(), set()).add(uid)
            jurors = {
                user for user, roles in submission.get_local_roles() if "Juror" in roles
            }
            expected[uid] = len(jurors)
            for juror, record in scores.records(submission).items():
                if juror in jurors and record.final:
                    entries.append({
                        "submission": uid,
                        "category": category.getId(),
                        "juror": juror,
                        "values": dict(record.values),
                        "final": True,
                    })
    ranked = rank(entries, criteria, expected=expected)
    result = {}
    for category, uids in categories.items():
        rows = {row["submission"]: row for row in ranked.get(category, [])}
        for uid in uids - set(rows):
            rows[uid] = ranking_data._empty_row(uid, expected[uid])
        result[category] = rows
    return result


def from_records(competition):
    categories, _brains = ranking_data.compute(competition)
    return {
        c["id"]: {row["submission"]: row for row in c["rows"]}
        for c in categories
        if c["rows"]
    }


class TestRankingRecords(JuryTestCase):
    def assert_same(self, step):
        transaction.begin()
        expected = from_annotations(self.competition)
        self.assertEqual(from_records(self.competition), expected, step)
        return expected

    def as_user(self, user, function, *args, **kw):
        with api.env.adopt_user(username=user):
            result = function(*args, **kw)
        transaction.commit()
        return result

    def test_built_and_shown_with_the_collector_paused(self):
        """The page and REST build and render the rows with the garbage
        collector paused (gcpause.py), and switch it on again."""
        import gc

        self.declare(self.s1, "juror1")
        self.score(self.s1, "juror1", {"benefit": 8, "innovation": 5}, final=True)
        seen = []
        originals = (ranking_data.rank_records, ranking_data.without_conflicted)

        def spy(original):
            def wrapper(*args, **kw):
                seen.append((original.__name__, gc.isenabled()))
                return original(*args, **kw)

            return wrapper

        ranking_data.rank_records = spy(originals[0])
        ranking_data.without_conflicted = spy(originals[1])
        try:
            url = self.competition.absolute_url()
            page = self.get(url + "/@@ranking", "chair")
            self.assertEqual(page.status_code, 200)
            self.assertIn("Projekt Eins", page.text)
            answer = self.rest("GET", url + "/@ranking", "chair")
            self.assertEqual(answer.status_code, 200)
        finally:
            ranking_data.rank_records, ranking_data.without_conflicted = originals
        self.assertEqual(
            seen,
            [
                ("rank_records", False),
                ("without_conflicted", False),
                ("rank_records", False),
                ("without_conflicted", False),
            ],
        )
        self.assertTrue(gc.isenabled())

    def test_records_follow_every_change(self):
        self.declare(self.s1, "juror1")
        self.declare(self.s2, "juror1")
        self.declare(self.s2, "juror2")
        self.declare(self.s3, "juror3")
        self.declare(self.s3, "chair")
        self.assert_same("nothing scored")
        self.score(self.s1, "juror1", {"benefit": 8, "innovation": 5}, final=True)
        self.score(self.s2, "juror1", {"benefit": 6, "innovation": 9}, final=True)
        self.score(self.s3, "juror3", {"benefit": 4, "innovation": 4}, final=True)
        self.score(self.s3, "chair", {"benefit": 10, "innovation": 7}, final=True)
        ranking = self.assert_same("final scores")
        self.assertEqual(ranking["kat-b"][self.s3.UID()]["score"], 6.5)
        # a draft does not count
        response = self.score(self.s2, "juror2", {"benefit": 1, "innovation": 1})
        self.assertEqual(response.status_code, 200, response.text)
        ranking = self.assert_same("a draft")
        self.assertEqual(ranking["kat-a"][self.s2.UID()]["final_scores"], 1)
        # the draft becomes final
        response = self.score(
            self.s2, "juror2", {"benefit": 1, "innovation": 1}, final=True
        )
        self.assertEqual(response.status_code, 200, response.text)
        ranking = self.assert_same("the draft final")
        self.assertEqual(ranking["kat-a"][self.s2.UID()]["final_scores"], 2)
        # the chair reopens juror3's score: it leaves the ranking
        self.as_user(
            "chair",
            service.reopen_score,
            self.s3,
            "juror3",
            "chair",
            reason="Zahlendreher",
        )
        ranking = self.assert_same("reopened")
        self.assertEqual(ranking["kat-b"][self.s3.UID()]["score"], 9.0)
        # access changes: juror2 leaves the jury (as @@jury-members does
        # it); the score leaves the ranking
        with api.env.adopt_roles(["Manager"]):
            membership.remove_member(self.competition, "juror2")
            access.sync_competition(self.competition)
        transaction.commit()
        ranking = self.assert_same("a juror left")
        self.assertEqual(ranking["kat-a"][self.s2.UID()]["final_scores"], 1)
        self.assertEqual(ranking["kat-a"][self.s2.UID()]["expected_scores"], 1)
        # a move to the other category: the other panel's scores count
        with api.env.adopt_roles(["Manager"]):
            api.content.move(self.s2, self.competition["kat-b"])
        transaction.commit()
        ranking = self.assert_same("moved")
        self.assertIn(self.s2.UID(), ranking["kat-b"])
        self.assertNotIn(self.s2.UID(), ranking["kat-a"])
        self.assertEqual(ranking["kat-b"][self.s2.UID()]["final_scores"], 0)
        # removed: gone from the ranking
        uid = self.s1.UID()
        with api.env.adopt_roles(["Manager"]):
            api.content.delete(self.s1, check_linkintegrity=False)
        transaction.commit()
        ranking = self.assert_same("removed")
        self.assertNotIn(uid, ranking.get("kat-a", {}))
        self.rebuild_through_the_view()
        self.upgrade()

    def rebuild_through_the_view(self):
        expected = from_annotations(self.competition)
        annotations = IAnnotations(self.competition)
        del annotations[ledger.RANKING]
        del annotations[ledger.PLACES]
        transaction.commit()
        self.assertEqual(from_records(self.competition), {})
        url = self.competition.absolute_url() + "/@@ranking-rebuild"
        # the office and the jury may not
        for user in ("editor", "chair"):
            self.assert_denied(url, user)
        add_user("siteadmin", roles=["Site Administrator"])
        transaction.commit()
        session = requests.Session()
        session.auth = ("siteadmin", PASSWORD)
        page = session.get(url, timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Datensätze der Rangliste neu aufbauen", page.text)
        # without the form's token: refused, nothing rebuilt
        refused = session.post(url, data={"rebuild": "1"}, timeout=30)
        self.assertEqual(refused.status_code, 403)
        transaction.begin()
        self.assertEqual(from_records(self.competition), {})
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]
        done = session.post(
            url, data={"rebuild": "1", "_authenticator": token}, timeout=30
        )
        self.assertEqual(done.status_code, 200)
        self.assertIn("neu aufgebaut", done.text)
        self.assertEqual(self.assert_same("rebuilt"), expected)
        entry = audit.entries(self.competition, kind="ranking.rebuilt")[-1]
        self.assertEqual(entry["actor"], "siteadmin")

    def upgrade(self):
        expected = from_annotations(self.competition)
        del IAnnotations(self.competition)[ledger.RANKING]
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("ikz.landespreis:default", "1008")
        with api.env.adopt_user(SITE_OWNER_NAME):
            setup.upgradeProfile("ikz.landespreis:default")
        transaction.commit()
        self.assertEqual(
            setup.getLastVersionForProfile("ikz.landespreis:default"),
            (PROFILE_VERSION,),
        )
        self.assertEqual(self.assert_same("upgraded"), expected)
        self.assertTrue(
            api.portal.get_registry_record(
                "plone.caching.interfaces.ICacheSettings.enabled"
            )
        )
        # the pages answer through the real server after the upgrade
        response = requests.get(
            self.competition.absolute_url(),
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
