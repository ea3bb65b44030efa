import pytest

from kongchuo_desktop.domain import phone_number


@pytest.mark.parametrize(
    "number", ["", "13812345678", "19912345678", "0851-86123456", "085186123456", "010-6512345"]
)
def test_mobiles_and_landlines_with_area_code_are_accepted(number):
    assert phone_number.problem(number) is None


@pytest.mark.parametrize(
    "number", ["138abc", "1381234567", "138123456789", "12012345678", "86123456", "0851-0123456"]
)
def test_a_malformed_number_is_refused_naming_the_field(number):
    why = phone_number.problem(number, "家庭成员张三的联系电话")
    assert why.startswith(f"家庭成员张三的联系电话“{number}”不是有效的电话号码")
    assert "11位" in why and "区号" in why
