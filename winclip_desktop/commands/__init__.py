"""Headless commands behind the CLI: scan, evaluate, calibrate."""
