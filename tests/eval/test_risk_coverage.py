"""Risk–coverage: the curve, AURC and the shipped operating point, on hand-made points."""

from __future__ import annotations

from eval.risk_coverage import Point, aurc, curve, operating_point, risk_coverage_svg


def test_a_perfect_ranking_has_zero_area_until_the_wrong_items() -> None:
    pts = [
        Point("a", 0.9, True, True),
        Point("b", 0.8, True, True),
        Point("c", 0.4, False, False),
        Point("d", 0.2, False, False),
    ]
    assert curve(pts) == [(0.9, 0.25, 1.0), (0.8, 0.5, 1.0), (0.4, 0.75, 2 / 3), (0.2, 1.0, 0.5)]
    assert aurc(pts) == round((0 + 0 + 1 / 3 + 1 / 2) / 4, 4)
    assert operating_point(pts) == (0.5, 1.0)


def test_a_reversed_ranking_is_worse_and_ties_enter_together() -> None:
    good = [Point("a", 0.9, True, True), Point("b", 0.1, False, False)]
    bad = [Point("a", 0.1, True, False), Point("b", 0.9, False, True)]
    assert aurc(good) == 0.25 and aurc(bad) == 0.75
    tied = [Point("a", 0.5, True, True), Point("b", 0.5, False, True)]
    assert curve(tied) == [(0.5, 1.0, 0.5)]
    assert aurc([]) is None


def test_the_chart_marks_the_shipped_point() -> None:
    data = {
        "items": 2,
        "aurc": 0.25,
        "curve": [{"coverage": 0.5, "accuracy": 1.0}, {"coverage": 1.0, "accuracy": 0.5}],
        "operating_point": {"coverage": 0.5, "accuracy": 1.0},
    }
    svg = risk_coverage_svg("main", data)
    assert svg.count("<circle") == 1 and "shipped: coverage 0.50, accuracy 1.00" in svg
