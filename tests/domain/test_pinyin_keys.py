from kongchuo_desktop.db.models import Student
from kongchuo_desktop.domain.pinyin_keys import pinyin_keys
from kongchuo_desktop.services import audit


def test_initials_and_full_pinyin_of_chinese_names():
    assert pinyin_keys("张三") == ("zhangsan", "zs")
    assert pinyin_keys("欧阳 娜娜") == ("ouyangnana", "oynn")


def test_renaming_a_student_updates_the_search_keys(folder, actor):
    s = audit.create(Student, actor, name="张三")
    assert (s.name_pinyin, s.name_initials) == ("zhangsan", "zs")
    audit.update(s, actor, name="李四")
    stored = Student.get_by_id(s.id)
    assert (stored.name_pinyin, stored.name_initials) == ("lisi", "ls")
