"""Per-user directories of winclip-desktop, with environment variables that override them.

The defaults come from platformdirs for the application name ``winclip-desktop``, for example on
Linux ``~/.local/share/winclip-desktop`` (data), ``~/.cache/winclip-desktop`` (cache),
``~/.local/state/winclip-desktop/log`` (log) and ``~/.config/winclip-desktop`` (config).
Tests and CI set the ``WINCLIP_DESKTOP_*_DIR`` variables so that they never write to the real home.
Every function creates its directory if it does not exist yet.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "winclip-desktop"

DATA_DIR_ENV = "WINCLIP_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "WINCLIP_DESKTOP_CACHE_DIR"
LOG_DIR_ENV = "WINCLIP_DESKTOP_LOG_DIR"
CONFIG_DIR_ENV = "WINCLIP_DESKTOP_CONFIG_DIR"

INSPECTION_LOG_FILENAME = "inspections.sqlite3"
APP_LOG_FILENAME = "winclip-desktop.log"


def _resolve_dir(env_var: str, default: str) -> Path:
    """Return the directory named by ``env_var`` (or ``default`` when it is unset or empty), created."""
    override = os.environ.get(env_var, "").strip()
    directory = Path(override).expanduser() if override else Path(default)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        source = f"the environment variable {env_var}" if override else "the platform default"
        raise OSError(
            f"cannot create the directory {directory} (from {source}): {exc.strerror or exc}. "
            f"Set {env_var} to a writable directory."
        ) from exc
    return directory


def data_dir() -> Path:
    """Return the data directory, which contains the inspection log database."""
    return _resolve_dir(DATA_DIR_ENV, platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Return the cache directory, for example for cached text embeddings, whose content can be deleted."""
    return _resolve_dir(CACHE_DIR_ENV, platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Return the directory of the rotating application log."""
    return _resolve_dir(LOG_DIR_ENV, platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the configuration directory, for settings and recipes."""
    return _resolve_dir(CONFIG_DIR_ENV, platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_inspection_log_path() -> Path:
    """Return the path of the station's inspection log database, ``<data dir>/inspections.sqlite3``."""
    return data_dir() / INSPECTION_LOG_FILENAME


def default_app_log_path() -> Path:
    """Return the path of the application log file, ``<log dir>/winclip-desktop.log``."""
    return log_dir() / APP_LOG_FILENAME
