"""Schemathesis against the service's own OpenAPI document, on a real server over loopback:
a bounded number of generated cases per operation; no 5xx, and every response (errors
included) matches what the document says about it."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import LiveServer

pytestmark = pytest.mark.integration
EXAMPLES = 12


def describe(failure: BaseException) -> str:
    """One line: the check's title and the response that failed it."""
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    return " | ".join(lines[:6])[:500]


def fuzz(base_url: str, examples: int = EXAMPLES) -> tuple[int, Counter[int], list[str]]:
    """(cases run, responses by status, failures) over every operation of the schema."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: schemathesis.Case) -> None:
            nonlocal cases
            cases += 1
            response = case.call(timeout=120)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response)
            except (AssertionError, BaseExceptionGroup) as exc:  # reported together at the end
                found = getattr(exc, "exceptions", [exc])
                failures.extend(f"{case.operation.label}: {describe(e)}" for e in found)

        run()
    return cases, statuses, failures


def test_every_operation_answers_within_its_schema(server: LiveServer) -> None:
    cases, statuses, failures = fuzz(server.url)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    assert cases > 50 and statuses  # the document was read and exercised
    assert server_errors == 0, statuses
    assert sorted(set(failures)) == [], "\n".join(sorted(set(failures)))
