"""The answer engine: question analysis, evidence scoring, answerability, composition by type."""
