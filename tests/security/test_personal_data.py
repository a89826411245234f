"""Personal data in questions: what is recognised (and what is not), and what is said."""

from __future__ import annotations

import pytest

from assistant.security.pii import nhs_number_valid, redact
from assistant.security.text import clean_text


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919"])
def test_nhs_numbers_with_a_valid_check_digit_are_removed(number: str) -> None:
    result = redact(f"My NHS number is {number}, what should the ICB do?")
    assert number not in result.text and "[NHS number removed]" in result.text
    assert result.found == ["nhs_number"]


def test_ten_digit_numbers_that_fail_modulus_11_are_kept() -> None:
    assert not nhs_number_valid("9434765918")
    assert redact("Reference 9434765918 in the annex").text == "Reference 9434765918 in the annex"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("write to jo.bloggs@example.nhs.uk please", "email"),
        ("call me on 07700 900123", "phone"),
        ("or +44 20 7946 0958 at work", "phone"),
        ("the office is (0161) 496 0000", "phone"),
        ("my NI number is AB 12 34 56 C", "ni_number"),
        ("NI: JG103759A", "ni_number"),
    ],
)
def test_other_personal_data_is_removed(text: str, kind: str) -> None:
    result = redact(text)
    assert result.found == [kind]
    assert not any(ch.isdigit() for ch in result.text) or kind == "email"
    assert "@" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "How many of the 42 ICSs had published plans by 2023?",
        "What did paragraphs 3.12 to 3.18 recommend?",
        "Compare the 2022-2023 and 2023-2024 budgets of £1,234,567",
        "What does the Health and Care Act 2022 say about section 14Z?",
    ],
)
def test_ordinary_questions_are_untouched(text: str) -> None:
    result = redact(text)
    assert result.text == text and result.found == [] and result.notice is None


def test_the_notice_names_every_kind_found() -> None:
    notice = redact("NHS 943 476 5919, mail a@b.org, phone 07700 900123").notice
    assert notice is not None
    assert "an NHS number" in notice and "an e-mail address" in notice
    assert "a phone number" in notice and "not share personal details" in notice


def test_control_bidi_and_tag_characters_are_cleaned() -> None:
    assert clean_text("a\x00b\x07c\u202ed\u2066e\U000e0041f\x7fg") == "abcdefg"
    assert clean_text("line one\nline two\ttabbed") == "line one\nline two\ttabbed"
    assert clean_text(42) == 42
