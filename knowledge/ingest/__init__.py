"""Turning user files (Markdown, text, HTML, PDF) into indexed guideline chunks."""
