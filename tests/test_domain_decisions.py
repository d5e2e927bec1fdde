"""Rules of the jury decision (pure functions, no Zope)."""

from ikz.landespreis.domain import decisions as rules

import unittest


def row(uid, rank, score=None):
    return {
        "submission": uid,
        "reference": f"LP26-KA-{uid}",
        "title": uid,
        "rank": rank,
        "score": score,
    }


ROWS = [row("a", 1, 9.0), row("b", 2, 8.0), row("c", 3, 7.0), row("d", None)]


class TestMissingScores(unittest.TestCase):
    def test_every_assigned_juror_without_conflict_owes_a_final_score(self):
        items = [
            {
                "reference": "R1",
                "expected": ["j1", "j2", "j3"],
                "final": {"j1": True, "j2": False},
                "blocked": {"j3"},
            },
            {"reference": "R2", "expected": ["j1"], "final": {}, "blocked": set()},
        ]
        self.assertEqual(
            rules.missing_final_scores(items), [("R1", "j2"), ("R2", "j1")]
        )

    def test_nothing_missing(self):
        items = [{"reference": "R", "expected": ["j"], "final": {"j": True}}]
        self.assertEqual(rules.missing_final_scores(items), [])


class TestWinners(unittest.TestCase):
    def test_default_is_the_best_ranked(self):
        self.assertEqual(rules.default_winners(ROWS, 1), ["a"])
        self.assertEqual(rules.default_winners(ROWS, 2), ["a", "b"])
        self.assertEqual(rules.default_winners(ROWS, 5), ["a", "b", "c"])

    def test_a_tie_on_the_last_prize_is_left_to_the_chair(self):
        tied = [row("a", 1), row("b", 1), row("c", 3)]
        self.assertEqual(rules.default_winners(tied, 1), [])
        self.assertEqual(rules.default_winners(tied, 2), ["a", "b"])

    def test_a_good_choice(self):
        problems = rules.selection_problems(ROWS, 1, ["a"], ["b"], {"a": "Gut"})
        self.assertEqual(problems, [])

    def test_rank_two_as_second_winner_in_a_one_prize_category(self):
        problems = rules.selection_problems(
            ROWS, 1, ["a", "b"], [], {"a": "x", "b": "y"}
        )
        self.assertEqual(problems, [rules.MSG_TOO_MANY_WINNERS])
        self.assertEqual(problems[0].mapping, {"prizes": 1})

    def test_the_choice_follows_the_ranking(self):
        problems = rules.selection_problems(ROWS, 1, ["b"], [], {"b": "x"})
        self.assertEqual(problems, [rules.MSG_SKIPPED])
        self.assertEqual(problems[0].mapping, {"reference": "LP26-KA-a"})
        # among tied applications the chair chooses
        tied = [row("a", 1), row("b", 1)]
        self.assertEqual(rules.selection_problems(tied, 1, ["b"], [], {"b": "x"}), [])

    def test_refusals(self):
        cases = [
            ([], [], {}, rules.MSG_NO_WINNER),
            (["d"], [], {"d": "x"}, rules.MSG_UNRANKED),
            (["a"], ["a"], {"a": "x"}, rules.MSG_BOTH),
            (["a"], [], {"a": "  "}, rules.MSG_LAUDATIO),
            (["zz"], [], {}, rules.MSG_UNKNOWN),
        ]
        for winners, nominees, laudatio, expected in cases:
            problems = rules.selection_problems(ROWS, 1, winners, nominees, laudatio)
            self.assertIn(expected, problems, (winners, nominees))

    def test_signing_problems(self):
        self.assertEqual(rules.signing_problems([], [], ""), [rules.MSG_EMPTY])
        problems = rules.signing_problems(ROWS, [("R1", "j2")], "")
        self.assertEqual(problems, [rules.MSG_MISSING_SCORES])
        self.assertEqual(problems[0].mapping, {"missing": "R1: j2"})
        self.assertEqual(rules.signing_problems(ROWS, [("R1", "j2")], "krank"), [])
        self.assertEqual(rules.signing_problems(ROWS, [], ""), [])


class TestSnapshot(unittest.TestCase):
    def test_fingerprint_changes_with_what_is_signed(self):
        one = rules.snapshot(ROWS, 1, ["a"], [], {"a": "x"}, [], "")
        same = rules.snapshot(ROWS, 1, ["a"], [], {"a": "x"}, [], "")
        other = rules.snapshot(ROWS, 1, ["a"], [], {"a": "y"}, [], "")
        moved = rules.snapshot(
            [row("a", 1, 9.5), *ROWS[1:]], 1, ["a"], [], {"a": "x"}, [], ""
        )
        self.assertEqual(rules.fingerprint(one), rules.fingerprint(same))
        self.assertNotEqual(rules.fingerprint(one), rules.fingerprint(other))
        self.assertNotEqual(rules.fingerprint(one), rules.fingerprint(moved))
        self.assertEqual(one["laudatio"], {"a": "x"})
        self.assertEqual(one["exception_reason"], "")

    def test_reason_only_kept_with_missing_scores(self):
        data = rules.snapshot(ROWS, 1, ["a"], [], {"a": "x"}, [("R", "j")], " krank ")
        self.assertEqual(data["exception_reason"], "krank")
        self.assertEqual(data["missing"], [["R", "j"]])


class TestNamed(unittest.TestCase):
    def test_award_and_nominate_follow_the_signed_decision(self):
        signed = {"winners": ["a"], "nominees": ["b"]}
        self.assertTrue(rules.named(signed, "a", "award"))
        self.assertTrue(rules.named(signed, "a", "nominate"))
        self.assertTrue(rules.named(signed, "b", "nominate"))
        self.assertFalse(rules.named(signed, "b", "award"))
        self.assertFalse(rules.named(signed, "c", "nominate"))
        self.assertFalse(rules.named(None, "a", "award"))
        self.assertFalse(rules.named(signed, "a", "publish"))

    def test_all_signed(self):
        self.assertTrue(rules.all_signed([(True, True), (False, False)]))
        self.assertFalse(rules.all_signed([(True, True), (True, False)]))
        self.assertTrue(rules.all_signed([]))
