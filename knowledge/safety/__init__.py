"""Safety knowledge as data (red flags, crisis phrases, contacts, injection patterns); see README.md."""
