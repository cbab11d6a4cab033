"""Lists people pick from follow the Ukrainian alphabet, not code points."""

from cbi.web.collation import sort_key, sorted_choices, sorted_uk


def test_the_ukrainian_alphabet_order():
    # Code-point order would put Є, І, Ї, Ґ after Я.
    words = ["Яготин", "Їжакевичі", "Ірпінь", "Ичня", "Єланець", "Ерделівка", "Ґалаґани", "Гадяч", "Бровари"]
    assert sorted_uk(words) == ["Бровари", "Гадяч", "Ґалаґани", "Ерделівка", "Єланець", "Ичня", "Ірпінь",
                                "Їжакевичі", "Яготин"]


def test_the_apostrophe_is_ignored_whichever_is_typed():
    assert sort_key("Сім’яне") == sort_key("Сімʼяне") == sort_key("Сім'яне") == sort_key("Сімяне")
    assert sorted_uk(["Сім’яне", "Сімферополь"]) == ["Сімферополь", "Сім’яне"]  # ф before я


def test_case_only_breaks_ties():
    assert sorted_uk(["броварки", "Бровари"]) == ["Бровари", "броварки"]  # и before к


def test_a_catch_all_choice_stays_last():
    choices = [("passport", "паспорт"), ("other", "інший документ"), ("birth", "свідоцтво про народження"),
               ("card", "ID-картка")]
    # Ukrainian order puts Cyrillic before Latin ("ID-картка" after "свідоцтво").
    assert [c[0] for c in sorted_choices(choices)] == ["passport", "birth", "card", "other"]
