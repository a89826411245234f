"""Board-paper export: a conversation or one answer as DOCX or PDF with verbatim footnotes."""

from assistant.export.paper import BoardPaper, Footnote, MessageNotFound, board_paper

__all__ = ["BoardPaper", "Footnote", "MessageNotFound", "board_paper"]
