"""Self-consistency voting: real Send fan-out, weights, ties, veto, low agreement, generic labels.

Voters are passed in as ``Voter`` objects (there is no registry of voter names any more).
"""

from __future__ import annotations

import pytest

from assistant.artifacts import LEVELS
from assistant.voting import Voter, normalise_label, normalise_level, vote
from assistant.voting.aggregate import aggregate, distribution, pick_winner
from assistant.voting.graph import build_vote_graph


def fixed(name: str, answer: str, samples: int = 1, weight: float | None = None) -> Voter:
    def rate(question, context):
        out = {"answer": answer, "rationale": f"{name} says {answer}"}
        if weight is not None:
            out["weight"] = weight
        return out

    return Voter(name, rate, samples=samples)


def test_send_fans_out_one_ballot_per_sample():
    result = vote("level?", {}, voters=[fixed("t_a", "urgent", samples=3), fixed("t_b", "routine")])
    assert len(result["samples"]) == 4
    assert [s["voter"] for s in result["samples"]].count("t_a") == 3
    assert result["distribution"]["urgent"] == 0.75
    assert result["winner"] == "urgent" and result["agreement"] == 0.75


def test_each_sample_gets_its_own_index():
    seen = []

    def rate(question, context):
        seen.append(context["sample"])
        return {"answer": "routine"}

    vote("level?", {}, voters=[Voter("t_idx", rate, samples=3)])
    assert sorted(seen) == [0, 1, 2]


def test_graph_has_ballot_and_tally_nodes():
    nodes = set(build_vote_graph().compile().get_graph().nodes)
    assert {"cast_ballot", "tally_votes"} <= nodes


def test_tie_goes_to_more_urgent_level():
    result = vote("level?", {}, voters=[fixed("t_r", "routine"), fixed("t_u", "urgent")])
    assert result["winner"] == "urgent"
    assert result["tied"] is True


def test_red_flag_veto_raises_but_never_lowers():
    voters = [fixed("t_s1", "self_care"), fixed("t_s2", "self_care")]
    raised = vote("level?", {}, voters=voters, veto={"label": "emergency", "by": ["chest_pain_radiating"]})
    assert raised["winner"] == "emergency"
    assert raised["vetoed_by"] == ["chest_pain_radiating"]
    assert raised["vetoed_from"] == "self_care"
    kept = vote("level?", {}, voters=[fixed("t_e", "emergency")], veto={"label": "routine", "by": ["x"]})
    assert kept["winner"] == "emergency" and "vetoed_by" not in kept


def test_low_agreement_escalates_to_most_urgent_voted():
    voters = [fixed("t_1", "self_care"), fixed("t_2", "routine"), fixed("t_3", "urgent")]
    plain = vote("level?", {}, voters=voters)
    assert plain["low_agreement"] is True
    escalated = vote("level?", {}, voters=voters, escalate_when_low=True)
    assert escalated["winner"] == "urgent"


def test_weights_shift_the_distribution():
    result = vote("level?", {}, voters=[fixed("t_w", "routine", weight=2.0), fixed("t_x", "urgent")])
    assert result["winner"] == "routine"
    assert result["distribution"]["routine"] == pytest.approx(2 / 3, abs=1e-3)


def test_generic_labels_for_quiz_answers():
    voters = [fixed("q_1", "b)"), fixed("q_2", "B"), fixed("q_3", "c")]
    result = vote("Which option?", {}, voters=voters, labels=["A", "B", "C", "D"])
    assert result["winner"] == "B"
    assert result["distribution"] == {"A": 0.0, "B": pytest.approx(0.6667, abs=1e-3), "C": pytest.approx(0.3333, abs=1e-3), "D": 0.0}


def test_custom_normaliser_and_unreadable_answers():
    voters = [fixed("n_1", "yes please"), fixed("n_2", "gibberish")]
    result = vote("ok?", {}, voters=voters, labels=["yes", "no"], normalise=lambda a: "yes" if "yes" in a else None)
    assert result["winner"] == "yes" and result["unreadable"] == 1


def test_failing_voter_is_visible_not_silent():
    def broken(question, context):
        raise RuntimeError("model offline")

    result = vote("level?", {}, voters=[fixed("t_ok", "routine"), Voter("t_broken", broken)])
    failed = [s for s in result["samples"] if s["voter"] == "t_broken"][0]
    assert failed["answer"] is None and "model offline" in failed["rationale"]
    assert result["winner"] == "routine"


def test_a_vote_without_voters_fails_loudly():
    # Old: an unknown voter name raised UnknownVoter, and non-level labels without named voters raised ValueError.
    # Voters are objects now (no names to look up); the loud failure that remains is a vote with no voters.
    with pytest.raises(ValueError):
        vote("level?", {}, voters=[])
    with pytest.raises(ValueError):
        vote("q", {}, voters=[], labels=["A", "B"])


@pytest.mark.parametrize(
    ("raw", "level"),
    [("Emergency.", "emergency"), ("self-care", "self_care"), ("Self care", "self_care"), ("URGENT", "urgent"),
     ("I would say routine", "routine"), ("urgent or emergency", None), ("", None), (None, None)],
)
def test_normalise_level(raw, level):
    assert normalise_level(raw) == level


def test_aggregate_with_no_readable_answers():
    result = aggregate("q", [{"voter": "a", "answer": "???"}], labels=LEVELS, normalise=normalise_level)
    assert result["winner"] is None and result["low_agreement"] is True


def test_distribution_and_winner_helpers():
    dist = distribution(["A", "B", "B", None], ["A", "B"])
    assert dist == {"A": pytest.approx(1 / 3, abs=1e-3), "B": pytest.approx(2 / 3, abs=1e-3)}
    assert pick_winner({"A": 0.5, "B": 0.5}, ["B", "A"]) == ("B", True)
    assert normalise_label(" d) because ") == "D"
