"""Reading a message once: ``parse`` turns text into ``Findings`` (concepts with assertion and experiencer,
vitals with units, demographics, medicines, allergies, speaker turns, language) that every engine reads."""
