"""Self-consistency voting: real Send fan-out, weights, ties, veto, low agreement, generic labels."""

from __future__ import annotations

import pytest

from assistant.artifacts import LEVELS
from assistant.voting import normalise_label, normalise_level, register_voter, unregister_voter, vote
from assistant.voting.aggregate import aggregate, distribution, pick_winner
from assistant.voting.graph import build_vote_graph
from assistant.voting.registry import UnknownVoter


@pytest.fixture
def fixed_voters():
    names = []

    def add(name, answer, samples=1, weight=None):
        def fn(question, context):
            context.setdefault("calls", []).append((name, context["sample"]))
            out = {"answer": answer, "rationale": f"{name} says {answer}"}
            if weight is not None:
                out["weight"] = weight
            return out

        register_voter(name, fn, samples=samples)
        names.append(name)
        return name

    yield add
    for name in names:
        unregister_voter(name)


def test_send_fans_out_one_ballot_per_sample(fixed_voters):
    a = fixed_voters("t_a", "urgent", samples=3)
    b = fixed_voters("t_b", "routine")
    result = vote("level?", {}, voters=[a, b])
    assert len(result["samples"]) == 4
    assert [s["voter"] for s in result["samples"]].count("t_a") == 3
    assert result["distribution"]["urgent"] == 0.75
    assert result["winner"] == "urgent" and result["agreement"] == 0.75


def test_graph_has_ballot_and_tally_nodes():
    nodes = set(build_vote_graph().compile().get_graph().nodes)
    assert {"cast_ballot", "tally_votes"} <= nodes


def test_tie_goes_to_more_urgent_level(fixed_voters):
    result = vote("level?", {}, voters=[fixed_voters("t_r", "routine"), fixed_voters("t_u", "urgent")])
    assert result["winner"] == "urgent"
    assert result["tied"] is True


def test_red_flag_veto_raises_but_never_lowers(fixed_voters):
    voters = [fixed_voters("t_s1", "self_care"), fixed_voters("t_s2", "self_care")]
    raised = vote("level?", {}, voters=voters, veto={"label": "emergency", "by": ["chest_pain_radiating"]})
    assert raised["winner"] == "emergency"
    assert raised["vetoed_by"] == ["chest_pain_radiating"]
    assert raised["vetoed_from"] == "self_care"
    kept = vote("level?", {}, voters=[fixed_voters("t_e", "emergency")], veto={"label": "routine", "by": ["x"]})
    assert kept["winner"] == "emergency" and "vetoed_by" not in kept


def test_low_agreement_escalates_to_most_urgent_voted(fixed_voters):
    voters = [fixed_voters("t_1", "self_care"), fixed_voters("t_2", "routine"), fixed_voters("t_3", "urgent")]
    plain = vote("level?", {}, voters=voters)
    assert plain["low_agreement"] is True
    escalated = vote("level?", {}, voters=voters, escalate_when_low=True)
    assert escalated["winner"] == "urgent"


def test_weights_shift_the_distribution(fixed_voters):
    voters = [fixed_voters("t_w", "routine", weight=2.0), fixed_voters("t_x", "urgent")]
    result = vote("level?", {}, voters=voters)
    assert result["winner"] == "routine"
    assert result["distribution"]["routine"] == pytest.approx(2 / 3, abs=1e-3)


def test_generic_labels_for_quiz_answers(fixed_voters):
    voters = [fixed_voters("q_1", "b)"), fixed_voters("q_2", "B"), fixed_voters("q_3", "c")]
    result = vote("Which option?", {}, voters=voters, labels=["A", "B", "C", "D"])
    assert result["winner"] == "B"
    assert result["distribution"] == {"A": 0.0, "B": pytest.approx(0.6667, abs=1e-3), "C": pytest.approx(0.3333, abs=1e-3), "D": 0.0}


def test_custom_normaliser_and_unreadable_answers(fixed_voters):
    voters = [fixed_voters("n_1", "yes please"), fixed_voters("n_2", "gibberish")]
    result = vote("ok?", {}, voters=voters, labels=["yes", "no"],
                  normalise=lambda a: "yes" if "yes" in a else None)
    assert result["winner"] == "yes" and result["unreadable"] == 1


def test_failing_voter_is_visible_not_silent(fixed_voters):
    def broken(question, context):
        raise RuntimeError("model offline")

    register_voter("t_broken", broken)
    try:
        result = vote("level?", {}, voters=[fixed_voters("t_ok", "routine"), "t_broken"])
    finally:
        unregister_voter("t_broken")
    failed = [s for s in result["samples"] if s["voter"] == "t_broken"][0]
    assert failed["answer"] is None and "model offline" in failed["rationale"]
    assert result["winner"] == "routine"


def test_unknown_voter_fails_loudly():
    with pytest.raises(UnknownVoter):
        vote("level?", {}, voters=["no_such_voter"])


def test_non_level_labels_need_named_voters():
    with pytest.raises(ValueError):
        vote("q", {}, labels=["A", "B"])


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
