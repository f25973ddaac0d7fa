"""The charts' geometry (``frontend.charts``) is plain arithmetic, checked by hand without
a database: bars from zero, lines broken where a value is missing, round ticks, labels
that do not overlap."""

from __future__ import annotations

import pytest

from frontend.charts import Frame, bar_chart, line_chart, quarter_labels, value_ticks

# A plotting area 100 wide and 100 high, from (10, 10) to (110, 110).
SQUARE = Frame(width=120, height=120, left=10, right=10, top=10, bottom=10)


@pytest.mark.parametrize(
    ("high", "integer", "expected"),
    [
        (17, True, [0, 5, 10, 15, 20]),
        (3, True, [0, 1, 2, 3]),
        (0, True, [0, 1]),
        (4.5, False, [0, 2, 4, 6]),
        (0.8, False, [0, 0.2, 0.4, 0.6, 0.8]),
        (10, False, [0, 2.5, 5, 7.5, 10]),
    ],
)
def test_ticks_are_round_numbers_reaching_the_highest_value(
    high: float, integer: bool, expected: list[float]
) -> None:
    assert value_ticks(high=high, integer=integer) == expected


def test_bars_stand_on_zero_side_by_side_and_a_missing_value_has_none() -> None:
    chart = bar_chart(labels=["a", "b"], series=[[4, None], [2, 0]], frame=SQUARE)
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]
    assert [(t.label, t.y) for t in chart.ticks][::2] == [("0", 110), ("2", 60), ("4", 10)]
    # Slots of 50, groups of 36 centred in them, bars 18 wide.
    assert [(b.series, b.index, b.x, b.y, b.width, b.height) for b in chart.bars] == [
        (0, 0, 17, 10, 18, 100),
        (1, 0, 35, 60, 18, 50),
        (1, 1, 85, 110, 18, 0),
    ]
    assert [(label.x, label.text) for label in chart.labels] == [(35, "a"), (85, "b")]


def test_bars_refuse_series_of_the_wrong_length_and_negative_values() -> None:
    with pytest.raises(ValueError, match="one value per label"):
        bar_chart(labels=["a", "b"], series=[[1]])
    with pytest.raises(ValueError, match="negative"):
        bar_chart(labels=["a"], series=[[-1]])


def test_a_line_breaks_where_a_value_is_missing() -> None:
    chart = line_chart(
        labels=["a", "b", "c", "d"], values=[2, None, 4, 5], frame=SQUARE, axis=[1, 2, 3, 4, 5]
    )
    assert [(t.label, t.y) for t in chart.ticks] == [
        ("1", 110),
        ("2", 85),
        ("3", 60),
        ("4", 35),
        ("5", 10),
    ]
    assert [(p.index, p.x, p.y) for p in chart.points] == [
        (0, 22.5, 85),
        (2, 72.5, 35),
        (3, 97.5, 10),
    ]
    # The first value stands alone (a point, no line); the last two are joined.
    assert chart.lines == ["M72.5 35 L97.5 10"]


def test_a_line_without_values_draws_nothing_over_a_default_axis() -> None:
    chart = line_chart(labels=["a", "b"], values=[None, None])
    assert (chart.points, chart.lines) == ([], [])
    assert [t.value for t in chart.ticks] == [0, 0.25, 0.5, 0.75, 1]


def test_quarters_are_labelled_with_the_year_where_it_changes() -> None:
    assert quarter_labels(["2026Q3", "2026Q4", "2027Q1", "2027Q2"]) == (
        ["Q3", "Q4", "Q1", "Q2"],
        ["2026", "", "2027", ""],
    )


def test_labels_too_many_to_fit_are_thinned_keeping_the_last() -> None:
    quarters = [f"{2022 + i // 4}Q{i % 4 + 1}" for i in range(20)]
    texts, years = quarter_labels(quarters)
    # 20 slots of 15.9 in the default frame; "Q4" needs about 24 with its gap.
    shown = [label.text for label in line_chart(labels=texts, values=[1] * 20).labels]
    assert shown == ["", "Q2", "", "Q4"] * 5
    eight = line_chart(labels=texts[:8], values=[1] * 8, sublabels=years[:8]).labels
    assert [label.text for label in eight] == ["Q1", "Q2", "Q3", "Q4"] * 2
    assert [label.subtext for label in eight] == ["2022", "", "", "", "2023", "", "", ""]
