"""Documentation mode: SOAP notes built from the one parse of a message (``Findings``) - a pasted consultation,
dictated findings or the triage conversation - with source lines for every statement, flagged red flags, ICD-10-CM
suggestions, edits by chat with undo, and Markdown / FHIR R4(B) document exports. Entry point:
``assistant.notes.dialogue.respond``."""
