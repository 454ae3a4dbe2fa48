"""The safety layer: red flags, crisis language, injection and NEWS2, screened on every turn."""

from assistant.safety.crisis import Crisis, contacts_for, crisis_reply
from assistant.safety.early_warning import news2
from assistant.safety.injection import detect_injection
from assistant.safety.redflags import RedFlag
from assistant.safety.rulebook import RulebookError
from assistant.safety.screen import SafetyScreen, screen

__all__ = [
    "Crisis",
    "RedFlag",
    "RulebookError",
    "SafetyScreen",
    "contacts_for",
    "crisis_reply",
    "detect_injection",
    "news2",
    "screen",
]
