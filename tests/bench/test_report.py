"""The bench's own arithmetic and table, without a database or a server (the bench itself never runs here)."""

import pytest
from bench.report import FAIL, OK, Check, Row, check_table, page_row, page_table, percentile, unmeasured_row


def test_percentile_interpolates_between_the_nearest_ranks():
    samples = [float(value) for value in range(1, 31)]  # 1 .. 30 ms, shuffled order must not matter
    samples.reverse()
    assert percentile(samples, 50) == 15.5
    assert percentile(samples, 95) == pytest.approx(28.55)
    assert percentile(samples, 0) == 1
    assert percentile(samples, 100) == 30


def test_percentile_of_one_sample_is_that_sample():
    assert percentile([7.0], 95) == 7.0


def test_percentile_of_no_samples_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_a_page_is_judged_on_its_p95_and_given_as_a_multiple_of_the_floor():
    one_slow = [10.0] * 19 + [60.0]
    two_slow = [10.0] * 18 + [60.0, 60.0]
    row = page_row(name="Min översikt", persona="skala.chef", samples=one_slow, floor_p50=2.0, queries=12, target_ms=50)
    assert (row.p50, row.times_floor, row.p95, row.result) == (10.0, 5.0, pytest.approx(12.5), OK)
    row = page_row(name="Min översikt", persona="skala.chef", samples=two_slow, floor_p50=2.0, queries=12, target_ms=50)
    assert (row.p95, row.result) == (60.0, FAIL)


def test_the_tables_line_up_their_columns():
    rows = [
        Row(name="floor: Django hello", persona="anonymous", samples=30, p50=1.6, p95=2.0, times_floor=1.0, queries=0),
        page_row(
            name="plan PDF", persona="skala.handlaggare10", samples=[420.0], floor_p50=1.6, queries=14, target_ms=300
        ),
    ]
    lines = page_table(rows).splitlines()
    assert lines[0].split() == ["page", "persona", "n", "p50", "p95", "×", "floor", "queries", "target", "result"]
    assert len({len(line) for line in lines[:2]}) == 1
    assert lines[3].endswith("p95 ≤ 300 ms  FAIL")
    assert "420 ms" in lines[3] and "262.5×" in lines[3]
    checks = check_table([Check("task worker RSS", "90 MB", "< 150 MB", True)]).splitlines()
    assert checks[2].split()[-1] == OK


def test_a_page_nobody_can_open_fails_with_its_reason_under_the_table():
    row = unmeasured_row(name="log follow-up", target_ms=200, why="no auditor")
    lines = page_table([row]).splitlines()
    assert lines[2].endswith("p95 ≤ 200 ms  FAIL*")
    assert lines[3] == "* log follow-up: not measured: no auditor"
