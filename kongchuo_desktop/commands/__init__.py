"""CLI commands, one module each; every module has `register(subparsers, common)`."""

from kongchuo_desktop.commands import (
    assessment_command,
    audit_commands,
    case_commands,
    census_commands,
    data_commands,
    demo_command,
    headcount_commands,
    merge_command,
    notice_command,
    report_command,
    risk_commands,
    roster_commands,
    sanbao_commands,
    selftest_command,
    setup_command,
    user_commands,
)

COMMAND_MODULES = [
    setup_command,
    demo_command,
    data_commands,
    selftest_command,
    headcount_commands,
    roster_commands,
    merge_command,
    risk_commands,
    report_command,
    sanbao_commands,
    case_commands,
    notice_command,
    audit_commands,
    census_commands,
    assessment_command,
    user_commands,
]
