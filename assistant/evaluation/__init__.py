"""Evaluations: run a test set through the product and score it. Reports are plain dicts (with sample sizes and
95% intervals); the CLI prints them. Blind sets live in knowledge/eval/blind and are never tuned on."""
