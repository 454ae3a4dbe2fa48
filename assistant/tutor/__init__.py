"""Education-mode tutor: cited explanations, quizzes with hints and spaced repeats, and case practice."""
