"""First run: set up the school (name, county, type, classes, this term) or open the demo school."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from kongchuo_desktop import APP_NAME
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES, SCHOOL_TYPES, grade_name
from kongchuo_desktop.domain.school_year import likely_term
from kongchuo_desktop.services import demo
from kongchuo_desktop.services.access import actor_name
from kongchuo_desktop.services.school_setup import SchoolSetup, SetupError, set_up_school
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.task_runner import run_and_wait

PAGE_WELCOME, PAGE_SCHOOL, PAGE_CLASSES, PAGE_TERM = range(4)


# Without the list of built pages (views/page_state.welcome_text, which app.py passes in; importing
# it here would close an import loop through the pages): promise no page.
GENERIC_WELCOME = "本程序帮助教务处做好控辍保学的日常工作。数据只保存在这台电脑上，每天自动备份。"


class WelcomePage(QWizardPage):
    def __init__(self, welcome: str = ""):
        super().__init__()
        self.setTitle(f"欢迎使用{APP_NAME}")
        layout = QVBoxLayout(self)
        text = QLabel(
            (welcome or GENERIC_WELCOME) + "\n\n第一次使用，请选择：", objectName="wizard_welcome"
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.own = QRadioButton("建立本校数据（填写学校、班级和本学期日期，约需2分钟）")
        self.own.setObjectName("wizard_own_school")
        self.demo = QRadioButton("先看看演示学校（自动生成27个班、约1200名学生的虚构学校）")
        self.demo.setObjectName("wizard_demo_school")
        self.own.setChecked(True)
        # Choosing the demo makes this the last page: the wizard must show 完成, not 下一步.
        self.demo.toggled.connect(self._demo_toggled)
        layout.addWidget(self.own)
        layout.addWidget(self.demo)
        note = QLabel(
            "演示学校的姓名、身份证号都是随机生成的，仅供熟悉程序。熟悉之后，在"
            "“设置 → 备份与恢复 → 清空数据，重新开始”清除演示数据，再建立本校数据。"
        )
        note.setWordWrap(True)
        note.setProperty("hint", True)
        layout.addWidget(note)
        layout.addStretch(1)

    def _demo_toggled(self, checked: bool) -> None:
        self.setFinalPage(checked)
        self.completeChanged.emit()

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else PAGE_SCHOOL


class SchoolPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("学校信息")
        self.setSubTitle("学校名称必填，其余以后也可以在“设置”中修改。")
        form = QFormLayout(self)
        self.name = QLineEdit(objectName="wizard_school_name")
        self.county = QLineEdit(objectName="wizard_county")
        self.township = QLineEdit(objectName="wizard_township")
        self.school_type = QComboBox(objectName="wizard_school_type")
        self.school_type.addItems(SCHOOL_TYPES)
        self.school_type.setCurrentText("九年一贯制")
        form.addRow("学校名称：", self.name)
        form.addRow("所在县（区）：", self.county)
        form.addRow("所在乡镇：", self.township)
        form.addRow("学校类型：", self.school_type)
        self.registerField("school_name*", self.name)

    def nextId(self) -> int:
        return PAGE_CLASSES


class ClassesPage(QWizardPage):
    def __init__(self, school_page: SchoolPage):
        super().__init__()
        self.school_page = school_page
        self.setTitle("年级和班级")
        self.setSubTitle("填写本学年每个年级的班级数，没有的年级填0。")
        self.grid = QGridLayout(self)
        self.spins: dict[int, QSpinBox] = {}
        for grade in range(1, 10):
            spin = QSpinBox(objectName=f"wizard_classes_{grade}", minimum=0, maximum=30)
            spin.setValue(2)
            label = QLabel(grade_name(grade) + "：")
            row, col = (grade - 1) % 5, ((grade - 1) // 5) * 2
            self.grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(spin, row, col + 1)
            self.spins[grade] = spin

    def initializePage(self) -> None:
        allowed = SCHOOL_TYPE_GRADES[self.school_page.school_type.currentText()]
        for grade, spin in self.spins.items():
            spin.setEnabled(grade in allowed)
            if grade not in allowed:
                spin.setValue(0)
            elif spin.value() == 0:
                spin.setValue(2)

    def classes(self) -> dict[int, int]:
        return {g: s.value() for g, s in self.spins.items() if s.isEnabled()}

    def validatePage(self) -> bool:
        if not any(self.classes().values()):
            messages.warn(self, "年级和班级", "至少要有一个班级。")
            return False
        return True

    def nextId(self) -> int:
        return PAGE_TERM


class TermPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("本学期")
        self.setSubTitle("开学和结束的日期。国家法定节假日会自动载入，请在“设置 → 校历”中核对。")
        form = QFormLayout(self)
        start, end, semester = likely_term(dt.date.today())
        self.semester = QComboBox(objectName="wizard_semester")
        self.semester.addItems(["第一学期（秋季）", "第二学期（春季）"])
        self.semester.setCurrentIndex(semester - 1)
        self.start = date_edit(start, "wizard_term_start")
        self.end = date_edit(end, "wizard_term_end")
        form.addRow("学期：", self.semester)
        form.addRow("开学日期：", self.start)
        form.addRow("结束日期：", self.end)

    def nextId(self) -> int:
        return -1


class FirstRunWizard(QWizard):
    def __init__(self, parent=None, welcome: str = ""):
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(f"{APP_NAME} — 首次使用")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 440)
        self.welcome = WelcomePage(welcome)
        self.school = SchoolPage()
        self.classes = ClassesPage(self.school)
        self.term = TermPage()
        for page_id, page in enumerate((self.welcome, self.school, self.classes, self.term)):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")

    def setup(self) -> SchoolSetup:
        return SchoolSetup(
            name=self.school.name.text(),
            county=self.school.county.text(),
            township=self.school.township.text(),
            school_type=self.school.school_type.currentText(),
            classes_per_grade=self.classes.classes(),
            term_start=self.term.start.date().toPython(),
            term_end=self.term.end.date().toPython(),
            semester=self.term.semester.currentIndex() + 1,
        )

    def accept(self) -> None:
        actor = actor_name()
        try:
            if self.welcome.demo.isChecked():
                run_and_wait(
                    self,
                    "正在生成演示学校（约1200名学生）…",
                    lambda: demo.create_demo_school(actor),
                )
            else:
                set_up_school(self.setup(), actor)
        except (SetupError, demo.DemoError) as exc:
            messages.fail(self, "无法完成", exc)
            return
        super().accept()
