"""Teacher roles and student statuses, as the school uses them."""

from __future__ import annotations

TEACHER_ROLES = ("校长", "副校长", "教务主任", "年级组长", "班主任", "科任教师")
