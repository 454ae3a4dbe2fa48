"""Fixed wording of the grounded replies that no engine owns (welcome, mode switch, banners)."""

DISCLAIMER = (
    "Education and decision support only - not a substitute for a clinician. "
    "In an emergency call your local emergency number."
)

MODE_DESCRIPTIONS = {
    "education": (
        "Education mode (tutor): ask about a clinical topic for a cited explanation, say \"quiz me on asthma\" "
        "for practice questions, or \"give me a case\" to take a history from a simulated patient."
    ),
    "triage": (
        "Triage mode: describe the symptoms (who, what, since when). I will ask a few questions and give an "
        "urgency level - emergency, urgent, routine or self-care - with the reasons and what to watch for. "
        "Say \"just tell me\" at any point for the best assessment so far."
    ),
    "documentation": (
        "Documentation mode: paste a consultation transcript (lines starting \"Doctor:\" / \"Patient:\") or say "
        "\"write a SOAP note\" after a triage intake. Edit the note by saying things like "
        "\"add penicillin allergy\"."
    ),
}

WELCOME = (
    "Hello. I am a grounded clinical assistant: every clinical statement I make comes from a cited guideline "
    "summary or a named rule engine, and I say so when I don't have a source.\n\n"
    + "\n\n".join(f"- {text}" for text in MODE_DESCRIPTIONS.values())
)

SWITCHED = "Switched to {mode} mode.\n\n{description}"

ENGINE_MISSING = (
    "The {label} is not available in this installation, so I can't handle this in {mode} mode yet. "
    "No clinical content was generated for this message."
)

ENGINE_FAILED = (
    "Something went wrong in the {label} ({error}). Your conversation is intact; try again or rephrase. "
    "No clinical content was generated for this message."
)

BANNER = {
    "emergency": "**EMERGENCY - {labels}.** {advice}",
    "urgent": "**URGENT - {labels}.** {advice}",
}

MODE_SUGGESTION = (
    "This sounds like a {intent_label}; switch to {mode} mode (\"switch to {mode}\") for that."
)
