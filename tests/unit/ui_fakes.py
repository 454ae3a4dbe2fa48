"""A scripted stand-in for ClinicalAssistant and sample artifacts, for the web UI unit tests."""

from __future__ import annotations

import json
from typing import Any

from graphs.facade import Reply, StreamEvent

TRIAGE = {
    "level": "emergency",
    "red_flags": [{"id": "acs", "label": "Possible heart attack <script>", "level": "emergency",
                   "rule": "Chest pain spreading to the arm with sweating", "source": "Red-flag rules (NICE CG95, 2016)",
                   "evidence": "crushing chest pain"}],
    "rationale": "Red flag: possible heart attack.",
    "missing": ["age"],
    "next_questions": ["How old are you?"],
    "safety_net": ["Call if it gets worse"],
    "citations": [],
    "vote": {"question": "level", "samples": [{"voter": "rules", "answer": "emergency", "rationale": "flag"},
                                              {"voter": "lexicon", "answer": "urgent", "rationale": ""}],
             "distribution": {"urgent": 0.4, "emergency": 0.6}, "winner": "emergency", "agreement": 0.6},
    "complete": False,
}
CITATION = {"doc_id": "asthma-1", "title": "Asthma management", "section": "Reliever therapy",
            "source": "GINA", "year": 2024, "url": "https://ginasthma.org/report",
            "snippet": "Use an as-needed reliever <b>inhaler</b>.", "score": 0.9}
QUIZ = {"id": "q1", "topic": "asthma", "question": "Which is a reliever?",
        "options": [{"letter": "A", "text": "Salbutamol"}, {"letter": "B", "text": "Montelukast"},
                    {"letter": "C", "text": "Budesonide"}],
        "answer": None, "explanation": None, "citation": CITATION, "status": "open", "result": None,
        "progress": {"answered": 0, "correct": 0}}
NOTE = {"sections": {"subjective": "Cough for 3 days.", "objective": "", "assessment": "Viral cough.",
                     "plan": "Fluids."},
        "codes": [{"code": "R05.9", "description": "Cough, unspecified", "suggestion": True, "evidence": "cough"}],
        "verify": ["Check temperature"], "markdown": "", "fhir": {"resourceType": "Composition", "status": "preliminary"}}
TOOL = {"name": "check_interactions", "title": "Checked interactions: warfarin + ibuprofen", "status": "done",
        "summary": "1 major interaction"}


class FakeAssistant:
    """Streams a scripted reply per message and remembers threads, like the real facade."""

    def __init__(self, replies: dict[str, dict[str, Any]] | None = None) -> None:
        self.replies = replies or {}
        self.store: dict[str, list[dict[str, Any]]] = {}
        self.owners: dict[str, str] = {}
        self.calls: list[tuple[str, str, str | None]] = []
        self.audiences: list[str | None] = []

    def _reply(self, thread_id: str, text: str, mode: str | None, owner: str) -> Reply:
        if self.owners.setdefault(thread_id, owner) != owner:
            return Reply(text="No conversation with that id.", thread_id=thread_id, accepted=False)
        script = dict(self.replies.get(text, {}))
        self.tokens = script.pop("tokens", [])
        artifacts = {key: script.pop(key) for key in ("triage", "citations", "drugs", "note", "quiz", "vote")
                     if key in script}
        reply = Reply(text=script.pop("text", f"echo: {text}"), thread_id=thread_id,
                      mode=script.pop("mode", mode or "education"), artifacts=artifacts, **script)
        rows = self.store.setdefault(thread_id, [])
        rows.append({"role": "user", "text": text})
        rows.append({"role": "assistant", "text": reply.text, "tools": reply.tools, "notices": reply.notices,
                     "mode": reply.mode,
                     "artifacts": {k: getattr(reply, k) for k in ("triage", "citations", "drugs", "note",
                                                                    "quiz", "vote") if getattr(reply, k)}})
        return reply

    def stream(self, thread_id, text, mode=None, audience=None, *, owner="local", chunked=True):
        self.calls.append((thread_id, text, mode))
        self.audiences.append(audience)
        reply = self._reply(thread_id, text, mode, owner)
        for tool in reply.tools:
            yield StreamEvent("tool", tool)
        for word in reply.text.split(" "):
            yield StreamEvent("text", word + " ")
        for token in self.tokens:  # a language model's words, after the grounded text
            yield StreamEvent("token", token)
        yield StreamEvent("reply", reply)

    def send(self, thread_id, text, mode=None, audience=None, *, owner="local"):
        return [e.data for e in self.stream(thread_id, text, mode, owner=owner) if e.kind == "reply"][0]

    def history(self, thread_id, *, owner="local"):
        return list(self.store.get(thread_id, [])) if self.owners.get(thread_id) == owner else []

    def export(self, thread_id, *, owner="local", redact_kinds=()):
        return json.dumps({"thread_id": thread_id, "messages": self.history(thread_id, owner=owner)})

    def threads(self, limit=50, *, owner="local"):
        return [{"thread_id": t, "title": rows[0]["text"], "mode": rows[-1].get("mode"), "turns": len(rows) // 2}
                for t, rows in reversed(self.store.items()) if self.owners.get(t) == owner][:limit]

    def delete(self, thread_id, *, owner="local"):
        if self.owners.get(thread_id) != owner:
            return False
        self.store.pop(thread_id, None)
        self.owners.pop(thread_id, None)
        return True

    def close(self):
        pass
