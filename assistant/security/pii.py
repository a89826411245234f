"""Personal data in questions: NHS numbers (modulus 11), e-mail addresses, UK phone numbers and
National Insurance numbers are replaced by a label before a question is stored, titled or sent
to a model, and the person is told."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Ten digits, optionally grouped 3-3-4 with spaces or hyphens; validated by the check digit.
NHS = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
# +44 or 0, then 9-10 more digits with optional spaces, hyphens, dots or brackets.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?!\d)")
# Two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A-D.
NINO = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]"
    r"[A-CEGHJ-NPR-TW-Za-ceghj-npr-tw-z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d](?![A-Za-z0-9])"
)
LABELS = {
    "nhs_number": "[NHS number removed]",
    "email": "[e-mail address removed]",
    "phone": "[phone number removed]",
    "ni_number": "[National Insurance number removed]",
}
NAMES = {
    "nhs_number": "an NHS number",
    "email": "an e-mail address",
    "phone": "a phone number",
    "ni_number": "a National Insurance number",
}


@dataclass
class Redaction:
    """The text with personal data replaced, and which kinds were found."""

    text: str
    found: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        """What to tell the person, or None when nothing was removed."""
        if not self.found:
            return None
        kinds = [NAMES[k] for k in self.found]
        listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
        return (
            f"Your question contained {listed}. It was removed before your question was "
            "searched or stored: please do not share personal details here."
        )


def nhs_number_valid(digits: str) -> bool:
    """The NHS number modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def redact(text: str) -> Redaction:
    """Replace personal data in `text` by labels (NHS numbers only when the check digit holds)."""
    found: list[str] = []

    def sub(kind: str, pattern: re.Pattern[str], value: str) -> str:
        def replace(match: re.Match[str]) -> str:
            if kind == "nhs_number" and not nhs_number_valid("".join(match.groups())):
                return match.group(0)
            if kind not in found:
                found.append(kind)
            return LABELS[kind]

        return pattern.sub(replace, value)

    text = sub("email", EMAIL, text)
    text = sub("nhs_number", NHS, text)
    text = sub("phone", PHONE, text)
    text = sub("ni_number", NINO, text)
    return Redaction(text, found)
