from kongchuo_desktop.domain.search_text import fold_search_text


def test_full_width_typing_and_spaces_fold_to_the_keys_form():
    assert fold_search_text("ＺＳ") == "zs"
    assert fold_search_text(" Zhang San ") == "zhangsan"
    assert fold_search_text("１５４４") == "1544"
    assert fold_search_text("张三") == "张三"
