"""控辍保学工作台 — the school office's desktop app for keeping every child in school."""

__version__ = "0.1.0"
APP_NAME = "控辍保学工作台"
