"""Suspected duplicates on a labelled set: the precision and recall written in docs/registry-import.md."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from cbi.duplicates.matching import Named, compare, normalize_name, precision_recall

D = date

# (row in the file, person in the registry, the same person?)
PAIRS = [
    # The same person, written differently.
    (Named("Петренко", "Алена", "Іванівна", D(1985, 3, 27), "female"), Named("Петренко", "Олена", "Іванівна", D(1985, 3, 27), "female"), True),
    (Named("Петренко", "Алена", "Ивановна", D(1985, 5, 3), "female"), Named("Петренко", "Олена", "Іванівна", D(1985, 3, 5), "female"), True),
    (Named("Petrenko", "Olena", "Ivanivna", D(1985, 3, 27), "female"), Named("Петренко", "Олена", "Іванівна", D(1985, 3, 27), "female"), True),
    (Named("Kovalenko", "Yuliia", "", D(1990, 7, 15), "female"), Named("Коваленко", "Юлія", "Петрівна", D(1990, 7, 15), "female"), True),
    (Named("Shevchenko", "Oleksandr", "Mykolaiovych", D(1970, 1, 2), "male"), Named("Шевченко", "Олександр", "Миколайович", D(1970, 1, 2), "male"), True),
    (Named("Мельник", "Андрей", "Васильевич", D(1972, 11, 4), "male"), Named("Мельник", "Андрій", "Васильович", D(1972, 11, 4), "male"), True),
    (Named("Сімʼяненко", "Ольга", "", D(1966, 2, 8), "female"), Named("Сім'яненко", "Ольга", "Степанівна", D(1966, 8, 2), "female"), True),
    (Named("Гончаренко", "Тарас", "Петрович", D(1959, 6, 12), "male"), Named("Гончаренко", "Тарас", "Петрович", D(1959, 12, 6), "male"), True),
    (Named("Ткаченко", "Наталя", "Олегівна", D(1981, 4, 9), "female"), Named("Ткаченко", "Наталія", "Олегівна", D(1981, 4, 9), "female"), True),
    (Named("Бондаренко", "Iрина", "Вікторівна", D(1977, 10, 1), "female"), Named("Бондаренко", "Ірина", "Вікторівна", D(1977, 10, 1), "female"), True),
    (Named("Кравчeнко", "Сергій", "", D(1988, 3, 3), "male"), Named("Кравченко", "Сергій", "Іванович", D(1988, 3, 3), "male"), True),
    (Named("Зінченко", "Євген", "Ігорович", D(1993, 2, 11), "male"), Named("Зинченко", "Евгений", "Игоревич", D(1993, 2, 11), "male"), True),
    (Named("Литвин", "Галина", "Ярославівна", D(1949, 9, 30), "female"), Named("Литвин", "Галина", "Ярославна", D(1949, 9, 30), "female"), True),
    (Named("Savchuk", "Mariia", "", D(2001, 5, 6), "female"), Named("Савчук", "Марія", "Олександрівна", D(2001, 6, 5), "female"), True),
    (Named("Гнатюк", "Тарас", "Богданович", D(1968, 7, 21), "male"), Named("Гнатюк", "Тарас", "Богдановичь", D(1968, 7, 21), "male"), True),
    (Named("Коваль", "Марія", "Андріївна", D(1999, 1, 19), "female"), Named("Коваль", "Мария", "Андреевна", D(1999, 1, 19), "female"), True),
    # Different people who look alike.
    (Named("Петренко", "Олег", "Іванович", D(1985, 3, 27), "male"), Named("Петренко", "Олена", "Іванівна", D(1985, 3, 27), "female"), False),
    (Named("Петренко", "Олег", "", D(1985, 3, 27), ""), Named("Петренко", "Олена", "", D(1985, 3, 27), ""), False),
    (Named("Іваненко", "Іван", "Петрович", D(1960, 1, 1), "male"), Named("Іваненко", "Іванна", "Петрівна", D(1960, 1, 1), "female"), False),
    (Named("Шевчук", "Дмитро", "Ігорович", D(2001, 9, 9), "male"), Named("Шевчук", "Дмитро", "Ігорович", D(2002, 9, 9), "male"), False),
    (Named("Мельник", "Андрій", "Васильович", D(1972, 11, 4), "male"), Named("Мельничук", "Андрій", "Васильович", D(1972, 11, 4), "male"), False),
    (Named("Коваленко", "Марія", "Петрівна", D(1990, 7, 15), "female"), Named("Коваленко", "Марина", "Петрівна", D(1990, 7, 15), "female"), False),
    (Named("Бойко", "Олександр", "Іванович", D(1980, 5, 5), "male"), Named("Бойко", "Олександра", "Іванівна", D(1980, 5, 5), "female"), False),
    (Named("Ткачук", "Василь", "Миколайович", D(1955, 3, 14), "male"), Named("Ткачук", "Віталій", "Миколайович", D(1955, 3, 14), "male"), False),
    (Named("Лисенко", "Ганна", "", D(1975, 2, 3), "female"), Named("Лисенко", "Анна", "", D(1975, 2, 3), "female"), False),
    (Named("Кузьменко", "Петро", "Петрович", D(1950, 4, 6), "male"), Named("Кузьменко", "Павло", "Петрович", D(1950, 6, 4), "male"), False),
    (Named("Романенко", "Ігор", "Олегович", D(1987, 8, 8), "male"), Named("Романюк", "Ігор", "Олегович", D(1987, 8, 8), "male"), False),
    (Named("Олійник", "Софія", "Андріївна", D(2012, 3, 1), "female"), Named("Олійник", "Соломія", "Андріївна", D(2012, 3, 1), "female"), False),
]


def test_the_set_has_both_kinds():
    assert sum(same for *_x, same in PAIRS) >= 14 and sum(not same for *_x, same in PAIRS) >= 12


def test_precision_and_recall_are_as_documented():
    found = precision_recall(PAIRS)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "registry-import.md").read_text(encoding="utf-8")
    written = re.search(r"precision (\d+) %, recall (\d+) %", doc)
    assert written, "docs/registry-import.md states the precision and recall"
    assert (round(found["precision"] * 100), round(found["recall"] * 100)) == tuple(map(int, written.groups())), found
    assert found["precision"] >= 0.9 and found["recall"] >= 0.85


def test_normalized_names():
    assert normalize_name("Сімʼяненко") == normalize_name("Сім'яненко") == normalize_name("СІМ’ЯНЕНКО")
    assert normalize_name("Kovalenko Yuliia") == "коваленко юлія"
    assert normalize_name("Shevchenko Oleksandr") == "шевченко олександр"


def test_the_same_person_found_with_swapped_day_and_month():
    found = compare(Named("Петренко", "Алена", "", D(1985, 5, 3), "female"),
                    Named("Петренко", "Олена", "", D(1985, 3, 5), "female"))
    assert found is not None and found.dates_swapped
