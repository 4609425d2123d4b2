"""Tests of application logging (app_logging) and the per-user directories (paths)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import re
from pathlib import Path

import pytest

from winclip_desktop import paths
from winclip_desktop.app_logging import RepeatSuppressingHandler, setup_logging, shutdown_logging


@pytest.fixture
def clean_root():
    """Restore the root logger's handlers and level after a test that calls setup_logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    shutdown_logging()
    logging.captureWarnings(False)
    root.handlers[:] = handlers
    root.setLevel(level)


def read_lines(log_path: Path) -> list[str]:
    return log_path.read_text(encoding="utf-8").splitlines()


def test_repeated_errors_collapsed(tmp_path, clean_root):
    log_path = setup_logging("INFO", log_dir=tmp_path, console=False)
    camera_logger = logging.getLogger("winclip_desktop.sources.camera")

    for _ in range(5000):
        camera_logger.error("camera 0: frame grab failed (timeout after 1000 ms)")
    shutdown_logging()

    lines = read_lines(log_path)
    originals = [line for line in lines if line.endswith("camera 0: frame grab failed (timeout after 1000 ms)")
                 and "repeated" not in line]
    summaries = [line for line in lines if "previous message repeated" in line]
    assert len(originals) == 5
    assert 1 <= len(summaries) <= 5
    assert len(lines) <= 12
    suppressed = sum(int(re.search(r"repeated (\d+) more times", line).group(1)) for line in summaries)
    assert suppressed == 4995
    assert all("ERROR" in line and "winclip_desktop.sources.camera" in line for line in summaries)


def test_different_messages_all_written(tmp_path, clean_root):
    log_path = setup_logging("INFO", log_dir=tmp_path, console=False)
    worker_logger = logging.getLogger("winclip_desktop.gui.worker")

    for index in range(300):
        worker_logger.warning("image %d could not be read", index)
    shutdown_logging()

    lines = read_lines(log_path)
    for index in range(300):
        assert any(line.endswith(f"image {index} could not be read") for line in lines), index
    assert not any("repeated" in line for line in lines)


def test_level_and_logger_distinguish_messages(tmp_path, clean_root):
    log_path = setup_logging("DEBUG", log_dir=tmp_path, console=False)
    for _ in range(10):
        logging.getLogger("a").info("same text")
        logging.getLogger("b").info("same text")
        logging.getLogger("a").warning("same text")
    shutdown_logging()

    lines = [line for line in read_lines(log_path) if "repeated" not in line]
    assert len([line for line in lines if re.search(r"INFO\s+a \[", line) and line.endswith("same text")]) == 5
    assert len([line for line in lines if re.search(r"INFO\s+b \[", line) and line.endswith("same text")]) == 5
    assert len([line for line in lines if re.search(r"WARNING\s+a \[", line) and line.endswith("same text")]) == 5


def test_setup_twice_no_duplicates(tmp_path, clean_root):
    setup_logging("INFO", log_dir=tmp_path, console=True)
    log_path = setup_logging("INFO", log_dir=tmp_path, console=True)
    marked = [h for h in clean_root.handlers if isinstance(h, RepeatSuppressingHandler)]
    assert len(marked) == 1

    logging.getLogger("winclip_desktop.test").info("written once")
    shutdown_logging()
    assert sum(line.endswith("written once") for line in read_lines(log_path)) == 1


def test_library_root_info_only_in_file(tmp_path, clean_root, capsys):
    """INFO lines of libraries that log through the root logger stay off the console."""
    log_path = setup_logging("INFO", log_dir=tmp_path, console=True)
    logging.info("Parsing model identifier")
    logging.warning("No pretrained weights loaded")
    logging.getLogger("winclip_desktop.test").info("own progress line")
    shutdown_logging()

    console = capsys.readouterr().err
    assert "Parsing model identifier" not in console
    assert "No pretrained weights loaded" in console
    assert "own progress line" in console
    assert "Parsing model identifier" in log_path.read_text(encoding="utf-8")


def test_level_filters_file(tmp_path, clean_root):
    log_path = setup_logging("WARNING", log_dir=tmp_path, console=False)
    logging.getLogger("x").info("quiet info")
    logging.getLogger("x").warning("loud warning")
    shutdown_logging()
    text = log_path.read_text(encoding="utf-8")
    assert "loud warning" in text
    assert "quiet info" not in text


def test_invalid_level_rejected(clean_root):
    with pytest.raises(ValueError, match="invalid log level 'CHATTY'"):
        setup_logging("CHATTY", console=False)


def test_log_file_rotates(tmp_path, clean_root):
    log_path = setup_logging("INFO", log_dir=tmp_path, console=False, max_bytes=2000, backup_count=2)
    for index in range(200):
        logging.getLogger("rotation").info("line %d padded to make the file grow quickly ...........", index)
    shutdown_logging()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["winclip-desktop.log", "winclip-desktop.log.1", "winclip-desktop.log.2"]
    assert log_path.stat().st_size <= 2000
    assert read_lines(log_path)[-1].endswith("line 199 padded to make the file grow quickly ...........")


def test_default_dir_from_environment(tmp_path, clean_root, monkeypatch):
    monkeypatch.setenv("WINCLIP_DESKTOP_LOG_DIR", str(tmp_path / "logs"))
    log_path = setup_logging("INFO", console=False)
    assert log_path == tmp_path / "logs" / "winclip-desktop.log"


def test_unwritable_log_dir_falls_back(tmp_path, clean_root, capsys):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the log directory should be", encoding="utf-8")
    log_path = setup_logging("INFO", log_dir=blocker, console=False)
    assert log_path is None
    logging.getLogger("winclip_desktop.test").error("still visible")
    err = capsys.readouterr().err
    assert "cannot write the log file" in err
    assert "still visible" in err


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_repeat_logger(name: str, **options):
    target = ListHandler()
    clock = FakeClock()
    handler = RepeatSuppressingHandler([target], clock=clock, **options)
    test_logger = logging.getLogger(name)
    test_logger.propagate = False
    test_logger.handlers[:] = [handler]
    test_logger.setLevel(logging.INFO)
    return test_logger, target, clock


def test_summary_after_interval():
    test_logger, target, clock = make_repeat_logger("interval", max_repeats=2, summary_interval=60.0)
    for _ in range(10):
        test_logger.error("disk full")
        clock.now += 1.0
    assert target.messages == ["disk full", "disk full"]

    clock.now += 60.0
    test_logger.info("another message")
    assert target.messages[2] == "previous message repeated 8 more times in 68 s: disk full"
    assert target.messages[3] == "another message"


def test_idle_message_starts_over():
    test_logger, target, clock = make_repeat_logger("idle", max_repeats=1, summary_interval=30.0)
    test_logger.error("cable unplugged")
    test_logger.error("cable unplugged")
    clock.now += 31.0
    test_logger.info("tick")  # the sweep writes the summary and drops the idle message
    clock.now += 31.0
    test_logger.info("tick")
    test_logger.error("cable unplugged")
    assert target.messages == [
        "cable unplugged",
        "previous message repeated 1 more times in 31 s: cable unplugged",
        "tick",
        "tick",
        "cable unplugged",
    ]


def test_tracked_messages_bounded():
    test_logger, target, _ = make_repeat_logger("bounded", max_repeats=1, max_tracked=3)
    test_logger.error("m0")
    test_logger.error("m0")
    for index in range(1, 4):
        test_logger.error("m%d", index)
    handler = test_logger.handlers[0]
    assert len(handler._states) == 3
    assert target.messages == ["m0", "m1", "m2", "previous message repeated 1 more times in 0 s: m0", "m3"]


def test_invalid_options_rejected():
    with pytest.raises(ValueError, match="max_repeats"):
        RepeatSuppressingHandler([], max_repeats=0)


@pytest.mark.parametrize(
    ("function", "variable"),
    [
        (paths.data_dir, "WINCLIP_DESKTOP_DATA_DIR"),
        (paths.cache_dir, "WINCLIP_DESKTOP_CACHE_DIR"),
        (paths.log_dir, "WINCLIP_DESKTOP_LOG_DIR"),
        (paths.config_dir, "WINCLIP_DESKTOP_CONFIG_DIR"),
    ],
)
def test_user_dir_from_environment(tmp_path, monkeypatch, function, variable):
    target = tmp_path / "nested" / variable.lower()
    monkeypatch.setenv(variable, str(target))
    assert function() == target
    assert target.is_dir()


def test_user_dir_default_uses_app_name(tmp_path, monkeypatch):
    monkeypatch.delenv("WINCLIP_DESKTOP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    if os.name != "posix" or paths.platformdirs.user_cache_dir("x").startswith(str(Path.home() / "Library")):
        pytest.skip("XDG variables apply to Linux only")
    assert paths.cache_dir() == tmp_path / "xdg-cache" / "winclip-desktop"


def test_user_dir_not_creatable(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(blocker / "data"))
    with pytest.raises(OSError, match="WINCLIP_DESKTOP_DATA_DIR"):
        paths.data_dir()


def test_default_file_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WINCLIP_DESKTOP_LOG_DIR", str(tmp_path / "log"))
    assert paths.default_inspection_log_path() == tmp_path / "data" / "inspections.sqlite3"
    assert paths.default_app_log_path() == tmp_path / "log" / "winclip-desktop.log"
