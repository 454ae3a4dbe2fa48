"""The one error the language layer raises to its callers: the configured model cannot be used here."""


class LLMUnavailable(RuntimeError):
    """The configured model cannot be used here (package missing, file missing, no server URL)."""
