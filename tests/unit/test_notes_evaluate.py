from assistant.notes.evaluate import AIMS, evaluate, load_transcripts

SETTINGS = ("primary care", "emergency", "paediatrics", "pregnancy", "mental health")


def test_at_least_twenty_transcripts_across_settings():
    cases = load_transcripts()
    assert len(cases) >= 20
    for setting in SETTINGS:
        assert any(setting in case["setting"] for case in cases), setting


def test_extraction_meets_the_aims():
    result = evaluate()
    assert result["recall"] >= AIMS["recall"]
    assert result["negation_accuracy"] >= AIMS["negation_accuracy"]
    assert result["precision"] >= 0.85
