"""ID and phone numbers as lists show them: enough to tell rows apart, not enough to copy out."""

from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text, mask_phone, shown_id

ID = "520902201101014345"


def test_an_id_number_keeps_its_first_and_last_four():
    assert mask_id(ID) == "5209**********4345"
    assert mask_id("52090220110101434X") == "5209**********434X"
    assert mask_id("520902110101434") == "5209*******1434"  # the old 15-digit numbers
    assert mask_id("") == "" and mask_id("无") == "无"


def test_a_phone_number_keeps_the_carrier_prefix_and_last_four():
    assert mask_phone("13912346246") == "139****6246"
    assert mask_phone("0851-86123456") == "0851-****3456"
    assert mask_phone("") == ""
    assert "8612" not in mask_phone("085186123456")


def test_ids_inside_a_sentence_are_masked_and_other_numbers_left():
    text = f"第3行：身份证件号{ID}与学籍号G{ID}重复；旧证520902110101434；电话13912346246"
    masked = mask_ids_in_text(text)
    assert ID not in masked and "520902110101434" not in masked
    assert "5209**********4345" in masked and "G5209**********4345" in masked
    assert "13912346246" in masked  # a phone is not an ID number
    assert mask_ids_in_text("2026-11-29 20:31:08,123") == "2026-11-29 20:31:08,123"


def test_shown_in_full_only_when_allowed():
    assert shown_id(ID, True) == ID and shown_id(ID, False) == "5209**********4345"
