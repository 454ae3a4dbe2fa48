"""ui.web.render: tool entries, banner, quiz, note and conversation list from plain dicts."""

import json

from tests.unit.ui_fakes import NOTE, QUIZ, TOOL, TRIAGE
from ui.web import render


def test_tool_call_is_a_collapsible_done_entry_with_its_title_and_summary():
    message = render.tool_message(TOOL)
    assert message.metadata["title"] == "Checked interactions: warfarin + ibuprofen"
    assert message.metadata["status"] == "done"
    assert message.content == "1 major interaction"


def test_failed_tool_call_says_so():
    message = render.tool_message({"name": "search_guidelines", "title": "Searched guidelines", "status": "error",
                                   "summary": ""})
    assert message.metadata["title"].startswith("Failed:")
    assert "error" in message.metadata["log"]
    assert "error" in message.content.lower()


def test_tool_messages_skip_junk_and_working_entry_is_pending():
    assert len(render.tool_messages([TOOL, "junk", None])) == 1
    assert render.tool_messages(None) == []
    assert render.working_message().metadata["status"] == "pending"


def test_banner_is_an_alert_naming_the_flag_with_escaped_text():
    html = render.banner_html(TRIAGE)
    assert 'role="alert"' in html and "ca-level-emergency" in html
    assert "Possible heart attack &lt;script&gt;" in html and "<script>" not in html
    assert "Call emergency services" in html


def test_no_red_flag_no_banner():
    assert render.banner_html(None) == ""
    assert render.banner_html({"level": "emergency", "red_flags": []}) == ""


def test_a_flag_from_an_earlier_turn_gets_no_new_banner():
    earlier = {"id": "chest_pain_acs_features", "label": "Chest pain with heart attack signs", "level": "emergency",
               "earlier": True}
    assert render.banner_html({"level": "emergency", "red_flags": [earlier]}) == ""
    fresh = {**earlier, "earlier": False, "id": "stroke_face_speech", "label": "Face drooping"}
    html = render.banner_html({"level": "emergency", "red_flags": [earlier, fresh]})
    assert "Face drooping" in html and "heart attack" not in html


def test_urgent_flag_gives_urgent_banner():
    html = render.banner_html({"red_flags": [{"id": "x", "label": "High fever", "level": "urgent"}]})
    assert "ca-level-urgent" in html and "Red flag: High fever" in html


def test_open_quiz_offers_one_button_per_option():
    assert render.quiz_choices(QUIZ) == [("A", "A. Salbutamol"), ("B", "B. Montelukast"), ("C", "C. Budesonide")]


def test_graded_or_missing_quiz_offers_no_buttons():
    assert render.quiz_choices({**QUIZ, "status": "graded"}) == []
    assert render.quiz_choices(None) == []


def test_quiz_html_shows_question_source_and_after_grading_the_explanation():
    html = render.quiz_html(QUIZ)
    assert "Which is a reliever?" in html and "Salbutamol" in html and "GINA" in html
    graded = render.quiz_html({**QUIZ, "status": "graded", "result": "correct", "answer": "A",
                               "explanation": "SABA <relieves>"})
    assert "Result: correct" in graded and "SABA &lt;relieves&gt;" in graded
    assert render.quiz_html(None) == ""
    assert "Last answer: hint - try again." in render.quiz_html({**QUIZ, "result": "hint"})


def test_note_markdown_is_built_from_sections_when_the_engine_gave_none():
    markdown = render.note_markdown(NOTE)
    assert "## Subjective\nCough for 3 days." in markdown
    assert "## Objective\nNot documented." in markdown
    assert "R05.9" in markdown and "Check temperature" in markdown


def test_note_markdown_prefers_the_engine_rendering_and_fhir_is_json():
    assert render.note_markdown({**NOTE, "markdown": "# Mine"}) == "# Mine"
    assert json.loads(render.note_fhir_json(NOTE))["resourceType"] == "Composition"
    assert render.note_fhir_json({"sections": {}}) == "" and render.note_markdown(None) == ""


def test_history_rows_become_messages_with_tool_entries():
    rows = [{"role": "user", "text": "hi"},
            {"role": "assistant", "text": "hello", "tools": [TOOL], "artifacts": {"quiz": QUIZ}, "mode": "education"}]
    messages = render.history_messages(rows)
    assert [m.role for m in messages] == ["user", "assistant", "assistant"]
    assert messages[1].metadata["title"] == TOOL["title"]
    latest = render.last_artifacts(rows)
    assert latest["quiz"] == QUIZ and latest["mode"] == "education"
    assert render.last_artifacts([]) == {}


def test_thread_choices_label_with_title_mode_and_turns():
    choices = render.thread_choices([{"thread_id": "t1", "title": "chest   pain\nnow", "mode": "triage", "turns": 2},
                                     {"thread_id": "", "title": "no id"}])
    assert choices == [("chest pain now (triage, 2 turns)", "t1")]
