from kongchuo_desktop.domain import roster_columns as rc


def test_synonyms_map_to_one_field():
    assert rc.guess_field("学生姓名") == "姓名"
    assert rc.guess_field("公民身份号码") == "身份证件号"
    assert rc.guess_field("身份证号") == "身份证件号"
    assert rc.guess_field("监护人电话") == "联系电话"
    assert rc.guess_field(" 成员1姓名 ") == "成员1姓名"
    assert rc.guess_field("家庭成员2关系") == "成员2关系"
    assert rc.guess_field("*姓名") == "姓名"
    assert rc.guess_field("监护人（父亲）") == "关系:父亲:姓名"
    assert rc.guess_field("家长签字") is None


def test_the_header_is_found_under_a_merged_title():
    rows = [
        ["某某学校学生花名册", "", ""],
        ["", "", ""],
        ["学生姓名", "身份证号", "班级"],
        ["张三", "x", "1班"],
    ]
    assert rc.find_header_row(rows) == 2


def test_the_export_header_maps_back_onto_itself():
    cols = rc.export_columns(2)
    mapping = rc.guess_mapping(cols)
    assert [mapping[i] for i in range(len(cols))] == cols
