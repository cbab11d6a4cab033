"""The small-count rule and the order statistics of the public figures (no database)."""

from cbi.statistics.disclosure import median, percentile, suppressed_cells


def test_a_count_from_one_to_four_is_hidden_and_zero_is_shown():
    line = {"Київ": 40, "Житомирська": 3, "Волинська": 0, "Львівська": 12}
    hidden = suppressed_cells(line, 5)
    assert "Житомирська" in hidden
    assert "Волинська" not in hidden


def test_one_hidden_cell_beside_a_published_total_hides_the_smallest_other_one_too():
    # Total 55 published: with only Житомирська hidden, 55 − 40 − 12 = 3 would give it away.
    line = {"Київ": 40, "Житомирська": 3, "Львівська": 12}
    assert suppressed_cells(line, 5) == {"Житомирська", "Львівська"}


def test_two_hidden_cells_need_no_more():
    line = {"Київ": 40, "Житомирська": 3, "Волинська": 2, "Львівська": 12}
    assert suppressed_cells(line, 5) == {"Житомирська", "Волинська"}


def test_every_cell_large_hides_nothing():
    assert suppressed_cells({"Київ": 5, "Львівська": 120}, 5) == set()


def test_median_and_ninetieth_percentile():
    days = [30, 45, 60, 94, 94, 100, 120, 150, 200, 400]
    assert median(days) == 97.0
    # 9 people of 10 waited no longer than 200 days.
    assert percentile(days, 90) == 200.0
    assert median([12]) == 12.0
    assert median([]) is None and percentile([], 90) is None
