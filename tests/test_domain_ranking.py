"""The jury ranking maths (pure functions, no layer).

Every expected number below is a literal computed by hand; the arithmetic is
in the comment next to each case.
"""

from ikz.landespreis.domain.ranking import progress
from ikz.landespreis.domain.ranking import rank
from ikz.landespreis.domain.ranking import rank_records
from ikz.landespreis.domain.ranking import weighted_score

import random
import statistics
import unittest


EQ2 = [("a", 1), ("b", 1)]
EQ3 = [("a", 1), ("b", 1), ("c", 1)]
W211 = [("a", 2), ("b", 1), ("c", 1)]
Q = [("q", 1)]  # one criterion: weighted score == value


def e(submission, juror, values, final=True, category="K"):
    if not isinstance(values, dict):
        values = {"q": values}
    return {
        "submission": submission,
        "category": category,
        "juror": juror,
        "values": values,
        "final": final,
    }


def by_id(rows):
    return {row["submission"]: row for row in rows}


def summary(rows, *keys):
    """[(submission, key1, key2, ...), ...] in the order of the rows."""
    return [tuple([row["submission"]] + [row[k] for k in keys]) for row in rows]


class TestWeightedScore(unittest.TestCase):
    def test_table(self):
        cases = [
            # equal weights: (6 + 7 + 8) / 3 = 21 / 3 = 7.0
            ({"a": 6, "b": 7, "c": 8}, EQ3, 7.0),
            # 2:1:1: (2*8 + 1*4 + 1*6) / (2+1+1) = 26 / 4 = 6.5
            ({"a": 8, "b": 4, "c": 6}, W211, 6.5),
            # fractional weights: (0.5*4 + 1.5*8) / 2 = (2 + 12) / 2 = 7.0
            ({"a": 4, "b": 8}, [("a", 0.5), ("b", 1.5)], 7.0),
            # 0 is a value, not a missing one: (0 + 0 + 3) / 3 = 1.0
            ({"a": 0, "b": 0, "c": 3}, EQ3, 1.0),
            # unknown id "zz" ignored: same as the 2:1:1 case = 6.5
            ({"a": 8, "b": 4, "c": 6, "zz": 100}, W211, 6.5),
            # a criterion missing -> None
            ({"a": 8, "b": 4}, W211, None),
            # a criterion None -> None
            ({"a": 8, "b": None, "c": 6}, W211, None),
            # nothing at all -> None
            ({}, EQ3, None),
            (None, EQ3, None),
        ]
        for values, criteria, expected in cases:
            with self.subTest(values=values, criteria=criteria):
                if expected is None:
                    self.assertIsNone(weighted_score(values, criteria))
                else:
                    self.assertAlmostEqual(weighted_score(values, criteria), expected)

    def test_bad_weights(self):
        for criteria in (
            [("a", 1), ("b", 0)],  # zero
            [("a", 1), ("b", -1)],  # negative
            [("a", -0.5)],
            [("a", float("nan"))],
            [],  # no criteria: sum of weights would be 0
        ):
            with self.subTest(criteria=criteria), self.assertRaises(ValueError):
                weighted_score({"a": 5, "b": 5}, criteria)


class TestRank(unittest.TestCase):
    def test_row_shape(self):
        # one juror, (8 + 6) / 2 = 7.0
        result = rank([e("s1", "j1", {"a": 8, "b": 6})], EQ2)
        self.assertEqual(
            result,
            {
                "K": [
                    {
                        "submission": "s1",
                        "rank": 1,
                        "score": 7.0,
                        "spread": 0.0,
                        "final_scores": 1,
                        "expected_scores": 1,
                        "tie": False,
                        "jurors": {"j1": 7.0},
                        "juror_values": {"j1": 7.0},
                    }
                ]
            },
        )

    def test_equal_weights_and_spread(self):
        # s1: j1 (8+6)/2 = 7, j2 (9+9)/2 = 9 -> mean 8.0, pstdev(7, 9) = 1.0
        # s2: j1 (5+5)/2 = 5, j2 (6+8)/2 = 7 -> mean 6.0, pstdev(5, 7) = 1.0
        # s3: j1 (10+8)/2 = 9, j2 (4+4)/2 = 4 -> mean 6.5, pstdev(9, 4) = 2.5
        # ranks: s1 8.0 -> 1, s3 6.5 -> 2, s2 6.0 -> 3
        entries = [
            e("s1", "j1", {"a": 8, "b": 6}),
            e("s1", "j2", {"a": 9, "b": 9}),
            e("s2", "j1", {"a": 5, "b": 5}),
            e("s2", "j2", {"a": 6, "b": 8}),
            e("s3", "j1", {"a": 10, "b": 8}),
            e("s3", "j2", {"a": 4, "b": 4}),
        ]
        rows = rank(entries, EQ2)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread", "tie"),
            [
                ("s1", 1, 8.0, 1.0, False),
                ("s3", 2, 6.5, 2.5, False),
                ("s2", 3, 6.0, 1.0, False),
            ],
        )
        self.assertEqual(by_id(rows)["s3"]["jurors"], {"j1": 9.0, "j2": 4.0})

    def test_unequal_weights_change_the_order(self):
        # weights a:b:c = 2:1:1 (sum 4)
        # s1: j1 (2*9 + 5 + 5)/4 = 28/4 = 7.0, j2 (2*7 + 9 + 9)/4 = 32/4 = 8.0
        #     -> mean 7.5, pstdev(7, 8) = 0.5
        # s2: j1 (2*6 + 10 + 10)/4 = 32/4 = 8.0, j2 (2*4 + 9 + 9)/4 = 26/4 = 6.5
        #     -> mean 7.25, pstdev(8, 6.5) = 0.75
        # => s1 before s2
        # with equal weights 1:1:1 instead:
        # s1: j1 19/3 = 6.333, j2 25/3 = 8.333 -> mean 44/6 = 7.333, spread 1.0
        # s2: j1 26/3 = 8.667, j2 22/3 = 7.333 -> mean 48/6 = 8.0, spread 2/3 = 0.667
        # => s2 before s1
        entries = [
            e("s1", "j1", {"a": 9, "b": 5, "c": 5}),
            e("s1", "j2", {"a": 7, "b": 9, "c": 9}),
            e("s2", "j1", {"a": 6, "b": 10, "c": 10}),
            e("s2", "j2", {"a": 4, "b": 9, "c": 9}),
        ]
        self.assertEqual(
            summary(rank(entries, W211)["K"], "rank", "score", "spread"),
            [("s1", 1, 7.5, 0.5), ("s2", 2, 7.25, 0.75)],
        )
        rows = rank(entries, EQ3)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread"),
            [("s2", 1, 8.0, 0.667), ("s1", 2, 7.333, 1.0)],
        )
        self.assertEqual(by_id(rows)["s1"]["jurors"], {"j1": 6.333, "j2": 8.333})

    def test_missing_value_not_counted(self):
        # s1: j1 (8+6)/2 = 7; j2 has no "b" -> not counted
        #     -> score 7.0, spread 0.0, 1 of 2 expected
        # s2: j1 has b=None -> not counted, no other score -> rank None
        # s3: j2 (6+6)/2 = 6, "zz" is ignored -> 6.0
        entries = [
            e("s1", "j1", {"a": 8, "b": 6}),
            e("s1", "j2", {"a": 9}),
            e("s2", "j1", {"a": 5, "b": None}),
            e("s3", "j2", {"a": 6, "b": 6, "zz": 100}),
        ]
        rows = rank(entries, EQ2)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread", "final_scores", "expected_scores"),
            [
                ("s1", 1, 7.0, 0.0, 1, 2),
                ("s3", 2, 6.0, 0.0, 1, 1),
                ("s2", None, None, None, 0, 1),
            ],
        )
        self.assertEqual(by_id(rows)["s1"]["jurors"], {"j1": 7.0})
        self.assertEqual(by_id(rows)["s2"]["jurors"], {})

    def test_drafts_ignored(self):
        # s1: j1 final 8, j2 DRAFT 0 (ignored), j3 final 6
        #     -> (8 + 6)/2 = 7.0, pstdev(8, 6) = 1.0, 2 final of 3 jurors
        # s2: only a draft (10) -> no score, 0 of 1
        entries = [
            e("s1", "j1", {"a": 8, "b": 8}),
            e("s1", "j2", {"a": 0, "b": 0}, final=False),
            e("s1", "j3", {"a": 6, "b": 6}),
            e("s2", "j1", {"a": 10, "b": 10}, final=False),
        ]
        rows = rank(entries, EQ2)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread", "final_scores", "expected_scores"),
            [("s1", 1, 7.0, 1.0, 2, 3), ("s2", None, None, None, 0, 1)],
        )
        self.assertEqual(by_id(rows)["s1"]["jurors"], {"j1": 8.0, "j3": 6.0})

    def test_duplicate_entries(self):
        # s1: j1 final 6 then a later draft 10 -> the final 6 stays
        # s2: j1 final 4 then final 9 -> the last final (9) wins
        entries = [
            e("s1", "j1", {"a": 6, "b": 6}),
            e("s1", "j1", {"a": 10, "b": 10}, final=False),
            e("s2", "j1", {"a": 4, "b": 4}),
            e("s2", "j1", {"a": 9, "b": 9}),
        ]
        self.assertEqual(
            summary(rank(entries, EQ2)["K"], "rank", "score", "final_scores"),
            [("s2", 1, 9.0, 1), ("s1", 2, 6.0, 1)],
        )

    def test_two_way_tie(self):
        # s1 (8+8)/2 = 8, s2 (9+7)/2 = 8, s3 (5+5)/2 = 5 -> 1, 1, 3
        entries = [
            e("s2", "j1", {"a": 9, "b": 7}),
            e("s1", "j1", {"a": 8, "b": 8}),
            e("s3", "j1", {"a": 5, "b": 5}),
        ]
        self.assertEqual(
            summary(rank(entries, EQ2)["K"], "rank", "score", "tie"),
            [("s1", 1, 8.0, True), ("s2", 1, 8.0, True), ("s3", 3, 5.0, False)],
        )

    def test_three_way_tie(self):
        # s1 (7+7)/2, s2 (6+8)/2, s3 (8+6)/2 all 7; s4 (6+6)/2 = 6 -> 1, 1, 1, 4
        entries = [
            e("s4", "j1", {"a": 6, "b": 6}),
            e("s3", "j1", {"a": 8, "b": 6}),
            e("s2", "j1", {"a": 6, "b": 8}),
            e("s1", "j1", {"a": 7, "b": 7}),
        ]
        self.assertEqual(
            summary(rank(entries, EQ2)["K"], "rank", "score", "tie"),
            [
                ("s1", 1, 7.0, True),
                ("s2", 1, 7.0, True),
                ("s3", 1, 7.0, True),
                ("s4", 4, 6.0, False),
            ],
        )

    def test_tie_in_the_middle(self):
        # 9, 7, 7, 5 -> 1, 2, 2, 4; only the two 7s are tied
        entries = [
            e("s1", "j1", 9),
            e("s2", "j1", 7),
            e("s3", "j1", 7),
            e("s4", "j1", 5),
        ]
        self.assertEqual(
            summary(rank(entries, Q)["K"], "rank", "tie"),
            [("s1", 1, False), ("s2", 2, True), ("s3", 2, True), ("s4", 4, False)],
        )

    def test_tie_decided_on_rounded_score(self):
        # s1: (10 + 0 + 0)/3 = 3.3333... -> 3.333
        # s2: (3.333 * 3)/3 = 3.333
        # equal after rounding to 3 places -> both rank 1, tied
        entries = [
            e("s1", "j1", {"a": 10, "b": 0, "c": 0}),
            e("s2", "j1", {"a": 3.333, "b": 3.333, "c": 3.333}),
        ]
        self.assertEqual(
            summary(rank(entries, EQ3)["K"], "rank", "score", "tie"),
            [("s1", 1, 3.333, True), ("s2", 1, 3.333, True)],
        )

    def test_without_final_score_comes_last(self):
        # s5 = 6, s9 = 4; s0 has only a draft, s3 an incomplete final entry
        # -> s5 1, s9 2, then s0 and s3 (rank None, sorted by id)
        entries = [
            e("s0", "j1", {"a": 10, "b": 10}, final=False),
            e("s9", "j1", {"a": 4, "b": 4}),
            e("s3", "j1", {"a": 10}),
            e("s5", "j1", {"a": 6, "b": 6}),
        ]
        self.assertEqual(
            summary(rank(entries, EQ2)["K"], "rank", "score", "spread", "tie"),
            [
                ("s5", 1, 6.0, 0.0, False),
                ("s9", 2, 4.0, 0.0, False),
                ("s0", None, None, None, False),
                ("s3", None, None, None, False),
            ],
        )

    def test_expected_vs_final(self):
        # s1: expected 3 given, 1 final
        # s2: expected 2 given, 2 final
        # s3: not in `expected` -> default = 2 jurors with entries (j1 draft,
        #     j2 final) -> 1 of 2
        entries = [
            e("s1", "j1", 5),
            e("s2", "j1", 6),
            e("s2", "j2", 8),
            e("s3", "j1", 7, final=False),
            e("s3", "j2", 3),
        ]
        rows = by_id(rank(entries, Q, expected={"s1": 3, "s2": 2})["K"])
        self.assertEqual(
            [
                (s, rows[s]["final_scores"], rows[s]["expected_scores"])
                for s in ("s1", "s2", "s3")
            ],
            [("s1", 1, 3), ("s2", 2, 2), ("s3", 1, 2)],
        )

    def test_categories_ranked_independently(self):
        # A: s1 8, s2 6            -> 1, 2
        # B: s3 5, s4 9, s5 8      -> s4 1, s5 2, s3 3
        # s1 (A) and s5 (B) both 8: no tie across categories
        entries = [
            e("s1", "j1", 8, category="A"),
            e("s2", "j1", 6, category="A"),
            e("s3", "j1", 5, category="B"),
            e("s4", "j1", 9, category="B"),
            e("s5", "j1", 8, category="B"),
        ]
        result = rank(entries, Q)
        self.assertEqual(sorted(result), ["A", "B"])
        self.assertEqual(
            summary(result["A"], "rank", "tie"), [("s1", 1, False), ("s2", 2, False)]
        )
        self.assertEqual(
            summary(result["B"], "rank", "tie"),
            [("s4", 1, False), ("s5", 2, False), ("s3", 3, False)],
        )

    def test_spread_values(self):
        # s1: 6, 7, 8 -> mean 7, var (1+0+1)/3 = 2/3, sd = 0.81650 -> 0.816
        # s2: 9, 6, 6 -> mean 7, var (4+1+1)/3 = 2, sd = 1.41421 -> 1.414
        # s3: 5 -> one score: spread 0.0
        # s4: no final score: spread None
        entries = [
            e("s1", "j1", 6),
            e("s1", "j2", 7),
            e("s1", "j3", 8),
            e("s2", "j1", 9),
            e("s2", "j2", 6),
            e("s2", "j3", 6),
            e("s3", "j1", 5),
            e("s4", "j1", 5, final=False),
        ]
        rows = by_id(rank(entries, Q)["K"])
        self.assertEqual(
            [
                (s, rows[s]["score"], rows[s]["spread"])
                for s in ("s1", "s2", "s3", "s4")
            ],
            [
                ("s1", 7.0, 0.816),
                ("s2", 7.0, 1.414),
                ("s3", 5.0, 0.0),
                ("s4", None, None),
            ],
        )

    def test_bad_weights(self):
        entries = [e("s1", "j1", {"a": 5, "b": 5})]
        for criteria in ([("a", 1), ("b", 0)], [("a", 1), ("b", -2)]):
            with self.subTest(criteria=criteria):
                with self.assertRaises(ValueError):
                    rank(entries, criteria)
                with self.assertRaises(ValueError):
                    rank([], criteria)  # raised even without entries

    def test_empty_and_generator(self):
        self.assertEqual(rank([], Q), {})
        # a generator is consumed only once: 4 and 6 -> 5.0
        gen = (e("s1", j, v) for j, v in (("j1", 4), ("j2", 6)))
        self.assertEqual(rank(gen, Q)["K"][0]["score"], 5.0)


class TestNormalise(unittest.TestCase):
    def test_harsh_juror(self):
        # j1 (lenient): s1 9, s2 8, s3 7 -> mean 8, var 2/3, sd 0.8165
        #     z = +1/0.8165 = +1.2247, 0, -1.2247
        # j2 (harsh):   s1 1, s2 7, s3 4 -> mean 4, var (9+9+0)/3 = 6, sd 2.4495
        #     z = -3/2.4495 = -1.2247, +1.2247, 0
        # raw:  s1 (9+1)/2 = 5.0  spread 4.0
        #       s2 (8+7)/2 = 7.5  spread 0.5
        #       s3 (7+4)/2 = 5.5  spread 1.5   -> s2, s3, s1
        # norm: s1 (1.2247 - 1.2247)/2 = 0.0      spread 1.2247 -> 1.225
        #       s2 (0 + 1.2247)/2      = 0.6124   spread 0.6124 -> 0.612
        #       s3 (-1.2247 + 0)/2     = -0.6124  spread 0.612  -> s2, s1, s3
        # j2's wide range dominates the raw mean; after normalisation both
        # jurors weigh the same and s1 overtakes s3.
        entries = [
            e("s1", "j1", 9),
            e("s2", "j1", 8),
            e("s3", "j1", 7),
            e("s1", "j2", 1),
            e("s2", "j2", 7),
            e("s3", "j2", 4),
        ]
        raw = rank(entries, Q)["K"]
        self.assertEqual(
            summary(raw, "rank", "score", "spread"),
            [("s2", 1, 7.5, 0.5), ("s3", 2, 5.5, 1.5), ("s1", 3, 5.0, 4.0)],
        )
        norm = rank(entries, Q, normalise=True)["K"]
        self.assertEqual(
            summary(norm, "rank", "score", "spread"),
            [("s2", 1, 0.612, 0.612), ("s1", 2, 0.0, 1.225), ("s3", 3, -0.612, 0.612)],
        )
        # `jurors` still shows the raw weighted scores
        self.assertEqual(by_id(norm)["s1"]["jurors"], {"j1": 9.0, "j2": 1.0})

    def test_single_score_and_flat_juror(self):
        # j1: s1 8, s2 6 -> mean 7, sd 1 -> z +1, -1
        # j3: only s1 (10); the draft on s2 does not count -> single score: z 0
        # j4: s1 5, s2 5 -> sd 0 -> z 0, 0
        # s1: z (1, 0, 0) -> 1/3 = 0.333; mean 1/3, devs 2/3, -1/3, -1/3,
        #     var (4/9 + 1/9 + 1/9)/3 = 2/9, sd 0.4714 -> 0.471
        # s2: z (-1, 0) -> -0.5, spread 0.5; 2 final of 3 jurors
        entries = [
            e("s1", "j1", 8),
            e("s2", "j1", 6),
            e("s1", "j3", 10),
            e("s2", "j3", 0, final=False),
            e("s1", "j4", 5),
            e("s2", "j4", 5),
        ]
        rows = rank(entries, Q, normalise=True)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread", "final_scores", "expected_scores"),
            [("s1", 1, 0.333, 0.471, 3, 3), ("s2", 2, -0.5, 0.5, 2, 3)],
        )
        self.assertEqual(
            by_id(rows)["s1"]["jurors"], {"j1": 8.0, "j3": 10.0, "j4": 5.0}
        )

    def test_across_categories(self):
        # j1 scores sA (X) 9 and sB (Y) 7 -> mean 8, sd 1 -> z +1, -1.
        # (Per category each would be a single score with z 0.)
        # The draft on sC is not part of j1's scores.
        entries = [
            e("sA", "j1", 9, category="X"),
            e("sB", "j1", 7, category="Y"),
            e("sC", "j1", 0, final=False, category="Y"),
        ]
        result = rank(entries, Q, normalise=True)
        self.assertEqual(summary(result["X"], "rank", "score"), [("sA", 1, 1.0)])
        self.assertEqual(
            summary(result["Y"], "rank", "score"), [("sB", 1, -1.0), ("sC", None, None)]
        )

    def test_one_juror_only_scores(self):
        # a juror with one final score only: z 0 -> score 0.0, spread 0.0
        rows = rank([e("s1", "j1", 9)], Q, normalise=True)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "spread"), [("s1", 1, 0.0, 0.0)]
        )


class TestProgress(unittest.TestCase):
    def test_counts(self):
        # j1: s1 final, s2 final (incomplete, still final), s3 draft -> 2 / 1
        # j2: s1 draft; s2 draft then final (final wins) -> 1 / 1
        # j3: expected but nothing yet -> 0 / 0
        entries = [
            e("s1", "j1", 5),
            e("s2", "j1", {}),
            e("s3", "j1", 5, final=False),
            e("s1", "j2", 5, final=False),
            e("s2", "j2", 5, final=False),
            e("s2", "j2", 6),
        ]
        self.assertEqual(
            progress(entries, ["j1", "j2", "j3"]),
            {
                "j1": {"final": 2, "draft": 1},
                "j2": {"final": 1, "draft": 1},
                "j3": {"final": 0, "draft": 0},
            },
        )
        self.assertEqual(progress([], None), {})


class TestExplaining(unittest.TestCase):
    def test_juror_values_follow_the_view(self):
        from ikz.landespreis.domain.ranking import rank

        def entry(submission, juror, value):
            return {
                "submission": submission,
                "category": "K",
                "juror": juror,
                "values": {"a": value},
                "final": True,
            }

        entries = [entry("s1", "j1", 8), entry("s2", "j1", 6), entry("s1", "j2", 5)]
        raw = {r["submission"]: r for r in rank(entries, [("a", 1.0)])["K"]}
        self.assertEqual(raw["s1"]["juror_values"], {"j1": 8.0, "j2": 5.0})
        norm = {
            r["submission"]: r for r in rank(entries, [("a", 1.0)], normalise=True)["K"]
        }
        # j1: 8 and 6 -> z +1 and -1; j2 has one score -> z 0
        self.assertEqual(norm["s1"]["juror_values"], {"j1": 1.0, "j2": 0.0})
        self.assertEqual(norm["s1"]["jurors"], {"j1": 8.0, "j2": 5.0})

    def test_outliers(self):
        from ikz.landespreis.domain.ranking import outliers

        self.assertEqual(outliers({"a": 2, "b": 9}, 2), {})
        self.assertEqual(outliers({"a": 8, "b": 7, "c": 2}, 4), {"c": -5.5})
        self.assertEqual(outliers({"a": 8, "b": 7, "c": 2}, 3), {"a": 3.5, "c": -5.5})
        self.assertEqual(outliers({"a": 8, "b": 7, "c": 6}, 2.5), {})
        self.assertEqual(outliers({"a": 1, "b": 1, "c": 1, "d": 10}, 3), {"d": 9.0})

    def test_distribution(self):
        from ikz.landespreis.domain.ranking import distribution

        self.assertEqual(
            distribution(
                [{"a": 7, "b": 3}, {"a": 7}, {"a": 2, "b": None, "x": 1}], ["a", "b"]
            ),
            {"a": {2: 1, 7: 2}, "b": {3: 1}},
        )
        self.assertEqual(distribution([], ["a"]), {"a": {}})


class TestRankRecords(unittest.TestCase):
    """The compact records the add-on keeps per category give the same rows
    as the entries they summarise (issue 18)."""

    def random_case(self, rng, submissions=60, jurors=5):
        criteria = [("a", 1.0), ("b", 2.0), ("c", 1.5)]
        entries, records = [], {}
        for number in range(submissions):
            uid, category = f"s{number:03d}", f"k{number % 4}"
            finals = []
            for j in range(rng.randint(1, jurors)):
                values = {cid: rng.randint(0, 10) for cid, _w in criteria}
                final = rng.random() < 0.7
                entries.append({
                    "submission": uid,
                    "category": category,
                    "juror": f"j{j}",
                    "values": values,
                    "final": final,
                })
                if final:
                    finals.append((f"j{j}", tuple(sorted(values.items()))))
            records.setdefault(category, []).append((
                uid,
                (jurors, tuple(finals)),
            ))
        expected = {uid: jurors for items in records.values() for uid, _r in items}
        return criteria, entries, records, expected

    def test_same_rows_as_rank(self):
        rng = random.Random(18)  # noqa: S311 - seeded test data
        for normalise in (False, True):
            for _ in range(20):
                criteria, entries, records, expected = self.random_case(rng)
                self.assertEqual(
                    rank_records(records, criteria, normalise=normalise),
                    rank(entries, criteria, expected=expected, normalise=normalise),
                )

    def test_same_rows_with_a_criterion_named_twice(self):
        """A criterion listed twice counts twice in both functions (the
        records' fast path reads each score once per distinct criterion)."""
        rng = random.Random(19)  # noqa: S311 - seeded test data
        for _ in range(10):
            criteria, entries, records, expected = self.random_case(rng)
            criteria = [*criteria, criteria[0]]
            self.assertEqual(
                rank_records(records, criteria),
                rank(entries, criteria, expected=expected),
            )

    def test_weighted_score_does_not_depend_on_the_order_of_criteria(self):
        """Exact sums: the records (criteria in alphabetical order) and the
        competition's order give the same score to the last bit."""
        rng = random.Random(20)  # noqa: S311 - seeded test data
        for _ in range(2000):
            criteria = [(f"c{i}", rng.choice((0.1, 0.3, 1.7, 2.0))) for i in range(4)]
            values = {cid: rng.randint(0, 10) / 3 for cid, _w in criteria}
            self.assertEqual(
                weighted_score(values, criteria),
                weighted_score(values, list(reversed(criteria))),
            )

    def test_submission_without_final_score_has_a_row(self):
        rows = rank_records({"K": [("s1", (3, ()))]}, Q)["K"]
        self.assertEqual(
            summary(rows, "rank", "score", "final_scores", "expected_scores"),
            [("s1", None, None, 0, 3)],
        )

    def test_mean_and_spread_as_the_standard_library(self):
        """The fast mean and spread agree with ``statistics`` after the
        rounding to 3 places the ranking compares."""
        from ikz.landespreis.domain import ranking

        rng = random.Random(7)  # noqa: S311 - seeded test data
        for _ in range(20000):
            values = [
                rng.randint(0, 100) / rng.choice((1, 2, 3, 4.5, 7))
                for _ in range(rng.randint(1, 7))
            ]
            self.assertEqual(
                round(ranking.mean(values), 3), round(statistics.mean(values), 3)
            )
            self.assertEqual(
                round(ranking.pstdev(values), 3), round(statistics.pstdev(values), 3)
            )
