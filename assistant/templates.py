"""Fixed wording of the grounded replies that no engine owns (welcome, mode switch, banners, failures)."""

DISCLAIMER = (
    "Education and decision support only - not a substitute for a clinician. "
    "In an emergency call your local emergency number."
)

WELCOME = (
    "Hello. I am a grounded clinical assistant: every clinical statement I make comes from a cited guideline "
    "summary or a named rule engine, and I say so when I don't have a source."
)

SWITCHED = "Switched to {mode} mode.\n\n{description}"

ENGINE_FAILED = (
    "Something went wrong in the {label} ({error}). Your conversation is intact; try again or rephrase. "
    "No clinical content was generated for this message."
)

BANNER = {
    "emergency": "**EMERGENCY - {labels}.** {advice}",
    "urgent": "**URGENT - {labels}.** {advice}",
}

CRISIS_REMINDER = ("You told me earlier that you have thoughts of ending your life or harming yourself. If you are in "
                   "danger now, call {emergency}. {contacts} - free, confidential, any time.")
TRANSCRIPT_FLAGS = "Flagged in the transcript for the clinician (not advice to you): {labels}."
