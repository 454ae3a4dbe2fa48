"""The safety layer: red flags, crisis language, prompt injection and other-language emergencies, every turn."""
