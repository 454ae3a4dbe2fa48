"""With a model configured, sampled LLM ballots join the grounded raters in the triage vote."""

from assistant.settings import Settings
from assistant.triage.assessment import assess, urgency_voters
from assistant.triage.intake import Intake, update_intake


def test_no_model_means_the_default_grounded_raters(tmp_path):
    assert urgency_voters(Settings(data_dir=tmp_path)) == (None, [])


def test_sampled_llm_votes_are_counted_and_red_flags_still_veto(tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text("\n".join(['- \'{"level": "self_care"}\''] * 12) + "\n")
    settings = Settings(data_dir=tmp_path, model=f"scripted:{script}", votes=3)
    intake = Intake()
    update_intake(intake, "I've had a sore throat since yesterday, mild, no fever", {})
    result = assess(intake, {"red_flags": []}, settings, finish=True)
    llm = [s for s in result.vote["samples"] if s["voter"] == "llm_urgency"]
    assert len(llm) == 3 and all(s["answer"] == "self_care" for s in llm)
    flag = {"id": "x", "label": "test flag", "level": "emergency", "rule": "r", "source": "s", "evidence": "e"}
    vetoed = assess(intake, {"red_flags": [flag]}, settings, finish=True)
    assert vetoed.level == "emergency"


def test_an_unusable_model_falls_back_with_a_notice(tmp_path):
    voters, notices = urgency_voters(Settings(data_dir=tmp_path, model=f"scripted:{tmp_path / 'missing.yaml'}"))
    assert voters is None and notices and "grounded raters" in notices[0]
