"""The checked filters, through the Python API as well as the command line."""

from __future__ import annotations

import pytest

from summitry.store.filters import QueryError, choice, date_bound


@pytest.mark.parametrize(
    ("value", "end", "bound"),
    [("2023", False, "2023-01-01"), ("2023", True, "2023-12-31"), ("2023-05", True, "2023-05-31"),
     ("2023-05-07", True, "2023-05-07"), (" 2024-02 ", False, "2024-02-01"), (None, False, None), ("", True, None)],
)
def test_date_bounds_cover_the_whole_period(value, end, bound):
    assert date_bound(value, "since", end=end) == bound


@pytest.mark.parametrize("value", ["yesterday", "2023-13-01", "2023-02-30", "23-01-01", "2023/01/01", "20230101"])
def test_a_value_that_is_not_a_date_is_an_error_naming_it(value):
    with pytest.raises(QueryError, match=f"since: {value!r} is not a date"):
        date_bound(value, "since")


def test_choice_names_what_is_accepted():
    assert choice("Money", "kind", ("money", "percent")) == "money"
    assert choice(None, "kind", ("money",)) is None
    with pytest.raises(QueryError, match="kind: 'weird' is not one of money, percent"):
        choice("weird", "kind", ("money", "percent"))
