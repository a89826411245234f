"""Pure recognition of messages that are not questions about the documents.

Instruction-like wording ("ignore your rules…") is only a signal: the extractive answer quotes
documents and cannot be hijacked, so such a message is still answered when the documents answer
it, and declined as an injection only when they do not. LLM mode may log or weigh the signal.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["greeting", "capabilities", "opinion", "injection", "question"]

GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks?( you)?|thank you|cheers|"
    r"morning|afternoon|hiya)\b[\s!.,]*(there|everyone|all)?[\s!.,]*$",
    re.IGNORECASE,
)
CAPABILITIES = re.compile(
    r"^\s*(help|\?|what (can|do) you (answer|do|know|cover)|what (documents|sources|material) "
    r"(do you have|are (there|covered|available))|which documents (do you have|are (there|covered|"
    r"available))|what is this( service)?|"
    r"who are you|what are you|how do (i|you) use (this|you))\b",
    re.IGNORECASE,
)
OPINION = re.compile(
    r"\b(what do you (think|believe|reckon|feel)|your (own )?(opinion|view|views|position|take)|"
    r"do you (agree|support|think|believe)|in your view|are you (for|against)|"
    r"which side are you|would you recommend|is it a good idea)\b",
    re.IGNORECASE,
)
# Phrases that try to change the assistant's rules or reveal its configuration.
INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|"
    r"guidelines|above|previous|prior|system)\b|"
    r"\b(system prompt|developer (mode|message)|jailbreak|you are now|pretend (to be|you)|"
    r"reveal (your|the) (prompt|instructions|rules)|print (your|the) (prompt|instructions)|"
    r"repeat (the|your) (text|words|instructions) above|new instructions?)\b|"
    r"\b(assistant|ai|model|chatbot)s?\b.{0,30}\b(must|should|will) (now )?(say|respond|reply|"
    r"answer|output|include)\b|"
    r"\b(include|insert|add|append|put|write|say|repeat)\b.{0,60}\b(in|into|to) (every|each|all|"
    r"your) (answers?|responses?|replies|outputs?)\b|"
    r"\badd (a |an )?(fake |new )?(citation|reference|source|footnote)s?\b|"
    r"\bcite\b.{0,40}\[\d+\]|"
    r"\b(re-?enter|confirm|verify) your (password|login|credentials|account)\b",
    re.IGNORECASE,
)


def classify(message: str) -> Intent:
    """The kind of message, checked in order of precedence."""
    if INJECTION.search(message):
        return "injection"
    if GREETING.match(message):
        return "greeting"
    if CAPABILITIES.match(message):
        return "capabilities"
    if OPINION.search(message):
        return "opinion"
    return "question"


def looks_like_injection(text: str) -> bool:
    """True for text that addresses the assistant with instructions (a signal, not a filter)."""
    return bool(INJECTION.search(text))


def strip_injection(message: str) -> str:
    """The message without its instruction-like clauses: the genuine question left, if any."""
    parts = re.split(r"(?<=[.!?;:])\s+|\n+", message)
    kept = [p for p in parts if p.strip() and not INJECTION.search(p)]
    return " ".join(kept).strip()
