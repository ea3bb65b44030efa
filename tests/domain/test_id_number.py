import datetime as dt
import random

from kongchuo_desktop.domain import id_number


def test_a_known_valid_number_passes_and_a_changed_check_digit_fails():
    assert id_number.is_valid("11010519491231002X")
    assert "校验位" in id_number.problem("110105194912310021")


def test_birth_date_and_sex_are_read_from_the_number():
    assert id_number.birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert id_number.sex("11010519491231002X") == "女"


def test_impossible_birth_date_and_wrong_length_are_named():
    assert "出生日期" in id_number.problem("110105194913310020")
    assert "18位" in id_number.problem("1101051949")


def test_generated_demo_numbers_are_valid_and_match_sex_and_birth():
    rng = random.Random(1)
    born = dt.date(2014, 5, 6)
    for sex in ("男", "女"):
        number = id_number.make("520999", born, sex, rng)
        assert id_number.is_valid(number)
        assert id_number.sex(number) == sex
        assert id_number.birth_date(number) == born
