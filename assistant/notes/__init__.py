"""Documentation mode: SOAP notes from a conversation or a pasted transcript, with ICD-10-CM suggestions,
conversational edits and Markdown / FHIR R4 exports. Entry point: ``assistant.notes.dialogue.respond``."""
