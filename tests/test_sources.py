"""Tests of the frame sources: newest-frame slot, watchdog, OpenCV video/stream/camera, GenICam, factory.

Real components throughout: OpenCV reads MJPG videos written from MVTec AD bottle images, a named
pipe plays a driver that blocks inside read(), and a loopback HTTP server streams MJPEG.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np
import pytest

from winclip_desktop.sources.base import FrameSlot, RateMeter, SourceStatus, SourceUnavailableError, WatchdogSettings
from winclip_desktop.sources.camera import CameraSource, StreamSource, VideoFileSource
from winclip_desktop.sources.factory import SourceSpec, SourceSpecError, create_source, parse_source_spec
from winclip_desktop.sources.genicam import GenICamSource, genicam_to_rgb
from winclip_desktop.sources.synthetic import SyntheticSource, decode_counter, stamp_counter
from winclip_desktop.sources.watched_folder import WatchedFolderSource

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"

LOST_LIMIT_S = 5.0
STOP_LIMIT_S = 3.0
VIDEO_SIZE = 240
VIDEO_FPS = 20.0


def wait_for(predicate, timeout: float, interval: float = 0.02) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds passed; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def bottle_frames(count: int) -> list[np.ndarray]:
    """Return ``count`` MVTec AD bottle test images as VIDEO_SIZE x VIDEO_SIZE RGB arrays."""
    if not (BOTTLE / "test").is_dir():
        pytest.skip(f"MVTec AD bottle images not found at {BOTTLE}")
    paths = sorted((BOTTLE / "test").glob("*/*.png"))[:count]
    frames = []
    for path in paths:
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        frames.append(cv2.cvtColor(cv2.resize(bgr, (VIDEO_SIZE, VIDEO_SIZE)), cv2.COLOR_BGR2RGB))
    return frames


def write_video(path: Path, frames: list[np.ndarray], fps: float) -> Path:
    """Write RGB frames as an MJPG AVI with cv2.VideoWriter."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV cannot write MJPG AVI files on this machine"
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()
    return path


@pytest.fixture(scope="module")
def bottle_video(tmp_path_factory) -> tuple[Path, list[np.ndarray]]:
    frames = bottle_frames(12)
    path = write_video(tmp_path_factory.mktemp("video") / "bottles.avi", frames, VIDEO_FPS)
    return path, frames


@pytest.fixture
def closing():
    """Collect sources and close them after the test, also when it fails."""
    sources = []
    yield sources.append
    for source in sources:
        source.close(timeout=0.5)


# Newest-frame slot and rate meter ------------------------------------------------------------


def test_frame_slot_keeps_newest_only():
    slot = FrameSlot()
    for value in range(3):
        slot.publish(np.full((2, 2, 3), value, np.uint8), capture_time=float(value), wall_time=0.0)
    newest = slot.latest()
    assert newest.sequence == 3
    assert newest.image[0, 0, 0] == 2
    assert slot.wait_newer(after_sequence=1, timeout=0.0) is newest
    assert slot.wait_newer(after_sequence=3, timeout=0.05) is None


def test_frame_slot_waits_for_capture_time():
    slot = FrameSlot()
    slot.publish(np.zeros((2, 2, 3), np.uint8), capture_time=10.0, wall_time=0.0)
    assert slot.wait_newer(0, timeout=0.0, captured_after=11.0) is None

    def publish_later():
        time.sleep(0.05)
        slot.publish(np.ones((2, 2, 3), np.uint8), capture_time=12.0, wall_time=0.0)

    threading.Thread(target=publish_later).start()
    frame = slot.wait_newer(0, timeout=2.0, captured_after=11.0)
    assert frame is not None
    assert frame.capture_time == 12.0


def test_rate_meter_measures_events_per_second():
    meter = RateMeter(window_s=2.0)
    for index in range(11):
        meter.tick(100.0 + index * 0.1)
    assert meter.rate(101.0) == pytest.approx(10.0)
    assert meter.rate(105.0) == 0.0


# Synthetic source ----------------------------------------------------------------------------


def test_counter_stamp_round_trip():
    image = np.zeros((40, 256, 3), np.uint8)
    for counter in (0, 1, 12345, 2**32 - 1):
        stamp_counter(image, counter)
        assert decode_counter(image) == counter
    with pytest.raises(ValueError, match="at least 256"):
        stamp_counter(np.zeros((40, 100, 3), np.uint8), 1)


def test_synthetic_source_runs_at_its_rate(closing):
    source = SyntheticSource(fps=30.0)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 2.0)
    time.sleep(1.2)

    assert 24.0 <= source.fps <= 36.0
    frame = source.latest()
    assert frame.image.shape == (240, 320, 3)
    assert frame.image.dtype == np.uint8
    assert decode_counter(frame.image) == frame.meta["counter"]


def test_slow_consumer_gets_newest_frame(closing):
    """A consumer that needs 300 ms per frame always takes a frame at most one behind the newest."""
    source = SyntheticSource(fps=30.0)
    closing(source)
    source.start()
    assert wait_for(lambda: source.latest() is not None, 2.0)

    lags = []
    taken = []
    last_sequence = 0
    for _ in range(8):
        frame = source.next_frame(last_sequence, timeout=1.0)
        assert frame is not None
        newest = source.latest()
        lags.append(newest.meta["counter"] - decode_counter(frame.image))
        taken.append(frame.meta["counter"])
        last_sequence = frame.sequence
        time.sleep(0.3)  # the "inspection"

    assert max(lags) <= 2, lags
    # Frames published during each 300 ms "inspection" were skipped, not queued.
    steps = np.diff(taken)
    assert steps.min() >= 7, taken


def test_frozen_frame_reports_camera_lost(closing):
    source = SyntheticSource(fps=30.0)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 2.0)

    source.set_fault("freeze")
    frozen_at = time.monotonic()
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S)
    assert time.monotonic() - frozen_at <= LOST_LIMIT_S
    assert "same frame" in source.state.message

    source.clear_fault()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 3.0), source.state
    assert source.lost_count >= 1


def test_blocked_read_reports_lost_and_stop_returns(closing):
    source = SyntheticSource(fps=30.0)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 2.0)

    source.set_fault("block")
    blocked_at = time.monotonic()
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S)
    assert time.monotonic() - blocked_at <= LOST_LIMIT_S
    assert "no frame" in source.state.message
    assert wait_for(lambda: source.status is SourceStatus.RECONNECTING, 2.0)

    started = time.monotonic()
    source.stop()
    assert time.monotonic() - started <= STOP_LIMIT_S
    assert source.status is SourceStatus.STOPPED
    assert source.blocked_reader_count >= 1

    started = time.monotonic()
    source.close()
    assert time.monotonic() - started <= STOP_LIMIT_S

    source.clear_fault()  # releases the abandoned readers
    assert wait_for(lambda: source.blocked_reader_count == 0, 2.0)


def test_failing_reads_reconnect_with_backoff(closing):
    watchdog = WatchdogSettings(backoff_initial_s=0.2, backoff_max_s=0.4)
    source = SyntheticSource(fps=30.0, watchdog=watchdog)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 2.0)

    source.set_fault("fail")
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, 1.0)
    assert "read failed" in source.state.message
    assert wait_for(lambda: source.lost_count >= 3, 3.0)
    assert wait_for(lambda: source.state.attempt >= 2, 1.0)

    source.clear_fault()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 2.0)
    assert source.state.attempt == 0


def test_source_restarts_after_stop(closing):
    source = SyntheticSource(fps=30.0)
    closing(source)
    source.start()
    assert wait_for(lambda: source.latest() is not None, 2.0)
    source.stop()
    sequence = source.latest().sequence
    time.sleep(0.2)
    assert source.latest().sequence == sequence

    source.start()
    assert wait_for(lambda: source.latest().sequence > sequence + 3, 2.0)
    source.close()
    with pytest.raises(RuntimeError, match="closed"):
        source.start()


# OpenCV video files --------------------------------------------------------------------------


def test_video_file_plays_rgb_at_its_own_rate(bottle_video, closing):
    path, frames = bottle_video
    source = VideoFileSource(path)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 3.0)

    first = source.next_frame(0, timeout=2.0)
    assert first.image.shape == (VIDEO_SIZE, VIDEO_SIZE, 3)
    time.sleep(1.2)
    assert source.file_fps == pytest.approx(VIDEO_FPS)
    assert 15.0 <= source.fps <= 25.0

    # RGB order: the decoded frame matches its source image far better than the channel-swapped one.
    index = first.meta["frame_index"]
    expected = frames[index].astype(np.float32)
    error = np.abs(first.image.astype(np.float32) - expected).mean()
    swapped_error = np.abs(first.image[:, :, ::-1].astype(np.float32) - expected).mean()
    assert error < 8.0
    assert swapped_error > error + 1.0


def test_video_file_loops(bottle_video, closing):
    path, frames = bottle_video
    source = VideoFileSource(path, realtime=False)
    closing(source)
    seen = []
    source.start()
    last = 0
    deadline = time.monotonic() + 5.0
    while len(seen) < 3 * len(frames) and time.monotonic() < deadline:
        frame = source.next_frame(last, timeout=1.0)
        if frame is not None:
            last = frame.sequence
            seen.append(frame.meta["frame_index"])
    assert max(seen) == len(frames) - 1
    restarts = sum(1 for before, after in zip(seen, seen[1:]) if after < before)
    assert restarts >= 1
    assert source.status is SourceStatus.RUNNING


def test_video_file_without_loop_ends(bottle_video, closing):
    path, frames = bottle_video
    source = VideoFileSource(path, loop=False)
    closing(source)
    source.start()
    playing_time = len(frames) / VIDEO_FPS
    assert wait_for(lambda: source.status is SourceStatus.ENDED, playing_time + 3.0)
    assert source.latest().meta["frame_index"] == len(frames) - 1
    assert source.lost_count == 0


def test_missing_video_file_is_rejected(tmp_path):
    with pytest.raises(SourceUnavailableError, match="does not exist"):
        VideoFileSource(tmp_path / "missing.avi")
    with pytest.raises(SourceUnavailableError, match="is a folder"):
        VideoFileSource(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_read_blocked_in_opencv_reports_lost(bottle_video, tmp_path, closing):
    """A named pipe that stops delivering data blocks cv2.VideoCapture.read() inside FFmpeg."""
    path, frames = bottle_video
    data = path.read_bytes()
    pipe = tmp_path / "camera.avi"
    os.mkfifo(pipe)
    source = VideoFileSource(pipe)
    closing(source)
    source.start()

    writer = os.open(pipe, os.O_WRONLY)  # returns once OpenCV has opened the pipe for reading
    try:
        os.write(writer, data[: len(data) // 2])
        assert wait_for(lambda: source.status is SourceStatus.RUNNING, 3.0)
        stalled_at = time.monotonic()
        assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S)
        assert time.monotonic() - stalled_at <= LOST_LIMIT_S

        started = time.monotonic()
        source.stop()
        assert time.monotonic() - started <= STOP_LIMIT_S
    finally:
        os.close(writer)
        _release_pipe_readers(pipe)


def _release_pipe_readers(pipe: Path) -> None:
    """Open and close the write end until no reader waits, so abandoned OpenCV readers see EOF."""
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        try:
            descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # ENXIO: no reader has the pipe open
        os.close(descriptor)
        time.sleep(0.05)


# OpenCV streams and cameras ------------------------------------------------------------------


class _MjpegServer:
    """Loopback HTTP server that streams multipart MJPEG like an IP camera.

    ``mode`` can be switched while it runs: "live" sends changing frames at 30 fps, "frozen" repeats
    one frame, "stalled" keeps the connection open without sending, "down" closes connections.
    """

    def __init__(self) -> None:
        self.mode = "live"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if server.mode == "down":
                    self.send_error(503)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                server.stream(self.wfile)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/stream.mjpg"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stream(self, output) -> None:
        counter = 0
        try:
            while self.mode in ("live", "frozen", "stalled"):
                if self.mode == "stalled":
                    time.sleep(0.05)
                    continue
                if self.mode == "live":
                    counter += 1
                image = np.zeros((60, 320, 3), np.uint8)
                stamp_counter(image, counter)
                _, encoded = cv2.imencode(".jpg", image)
                output.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(encoded))
                output.write(encoded.tobytes() + b"\r\n")
                time.sleep(1 / 30)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def close(self) -> None:
        self.mode = "down"
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def mjpeg_server():
    server = _MjpegServer()
    yield server
    server.close()


def test_stream_reconnects_after_server_restart(mjpeg_server, closing):
    source = StreamSource(mjpeg_server.url, watchdog=WatchdogSettings(backoff_initial_s=0.2))
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 5.0), source.state
    frame = source.next_frame(0, timeout=2.0)
    assert decode_counter(frame.image) >= 1

    mjpeg_server.mode = "down"
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S), source.state
    mjpeg_server.mode = "live"
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 5.0), source.state


def test_frozen_stream_reports_lost(mjpeg_server, closing):
    source = StreamSource(mjpeg_server.url)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 5.0), source.state

    mjpeg_server.mode = "frozen"
    frozen_at = time.monotonic()
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S), source.state
    assert time.monotonic() - frozen_at <= LOST_LIMIT_S
    assert "same frame" in source.state.message


def test_stalled_stream_reports_lost_and_stops(mjpeg_server, closing):
    source = StreamSource(mjpeg_server.url)
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.RUNNING, 5.0), source.state

    mjpeg_server.mode = "stalled"
    stalled_at = time.monotonic()
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S), source.state
    assert time.monotonic() - stalled_at <= LOST_LIMIT_S

    started = time.monotonic()
    source.close()
    assert time.monotonic() - started <= STOP_LIMIT_S


def test_stream_password_not_in_name():
    source = StreamSource("rtsp://admin:secret@127.0.0.1:8554/line")
    assert "secret" not in source.name
    assert "admin:***@127.0.0.1" in source.name


def test_missing_camera_reports_lost(closing):
    source = CameraSource(63)  # no machine running these tests has 64 cameras
    closing(source)
    source.start()
    assert wait_for(lambda: source.status is SourceStatus.CAMERA_LOST, LOST_LIMIT_S), source.state
    assert "cannot open camera 63" in source.state.message
    started = time.monotonic()
    source.close()
    assert time.monotonic() - started <= STOP_LIMIT_S


# GenICam -------------------------------------------------------------------------------------


def test_genicam_mono_and_colour_formats():
    grey = np.arange(12, dtype=np.uint8)
    rgb = genicam_to_rgb(grey, width=4, height=3, pixel_format="Mono8")
    assert rgb.shape == (3, 4, 3)
    assert (rgb[:, :, 0] == grey.reshape(3, 4)).all()
    assert (rgb[:, :, 2] == grey.reshape(3, 4)).all()

    twelve_bit = np.full(12, 4095, dtype=np.uint16)
    assert genicam_to_rgb(twelve_bit, 4, 3, "Mono12").max() == 255

    colour = np.tile(np.array([200, 100, 50], np.uint8), 12)
    assert genicam_to_rgb(colour, 4, 3, "RGB8")[1, 1].tolist() == [200, 100, 50]
    assert genicam_to_rgb(colour, 4, 3, "BGR8")[1, 1].tolist() == [50, 100, 200]


def test_genicam_bayer_rg_gives_true_colour():
    mosaic = np.zeros((8, 8), np.uint8)
    mosaic[0::2, 0::2] = 200  # R
    mosaic[0::2, 1::2] = 100  # G
    mosaic[1::2, 0::2] = 100  # G
    mosaic[1::2, 1::2] = 50  # B
    rgb = genicam_to_rgb(mosaic.ravel(), 8, 8, "BayerRG8")
    assert rgb[4, 4].tolist() == [200, 100, 50]


def test_genicam_rejects_bad_buffers():
    with pytest.raises(RuntimeError, match="not supported"):
        genicam_to_rgb(np.zeros(12, np.uint8), 4, 3, "YCbCr422_8")
    with pytest.raises(RuntimeError, match="does not match"):
        genicam_to_rgb(np.zeros(10, np.uint8), 4, 3, "Mono8")


def test_genicam_missing_producer_named(tmp_path):
    with pytest.raises(SourceUnavailableError, match="missing.cti not found"):
        GenICamSource(tmp_path / "missing.cti")


@pytest.mark.skipif(importlib.util.find_spec("harvesters") is not None, reason="harvesters is installed")
def test_genicam_without_harvesters_says_what_to_install(tmp_path):
    producer = tmp_path / "vendor.cti"
    producer.write_bytes(b"not a real producer")
    with pytest.raises(SourceUnavailableError, match="pip install"):
        GenICamSource(producer)


# Factory -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("camera:0", SourceSpec("camera", index=0)),
        ("camera: 2", SourceSpec("camera", index=2)),
        ("rtsp://10.0.0.5:554/line", SourceSpec("stream", "rtsp://10.0.0.5:554/line")),
        ("HTTP://cam/video.mjpg", SourceSpec("stream", "HTTP://cam/video.mjpg")),
        ("video:line.avi", SourceSpec("video", "line.avi")),
        ("folder:/data/in", SourceSpec("folder", "/data/in")),
        ("watch:/data/in", SourceSpec("folder", "/data/in")),
        ("genicam:/opt/vendor/producer.cti", SourceSpec("genicam", "/opt/vendor/producer.cti", index=0)),
        ("genicam:/opt/vendor/producer.cti:3", SourceSpec("genicam", "/opt/vendor/producer.cti", index=3)),
        (r"genicam:C:\Vendor\producer.cti:1", SourceSpec("genicam", r"C:\Vendor\producer.cti", index=1)),
        ("synthetic", SourceSpec("synthetic", fps=30.0)),
        ("synthetic:12.5", SourceSpec("synthetic", fps=12.5)),
    ],
)
def test_parse_source_spec(spec, expected):
    assert parse_source_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "Empty source"),
        ("camera:first", "not a whole number"),
        ("camera:-1", "0 or more"),
        ("video:", "path is missing"),
        ("synthetic:0", "above 0"),
        ("/no/such/place", "not an existing file or folder"),
    ],
)
def test_parse_source_spec_errors(spec, message):
    with pytest.raises(SourceSpecError, match=message) as raised:
        parse_source_spec(spec)
    assert repr(spec) in str(raised.value) or not spec


def test_create_source_kinds(bottle_video, tmp_path):
    path, _ = bottle_video
    assert isinstance(create_source(f"video:{path}"), VideoFileSource)
    assert isinstance(create_source(str(path)), VideoFileSource)
    folder = create_source(f"watch:{tmp_path}", state_path=tmp_path / "state.json")
    assert isinstance(folder, WatchedFolderSource)
    assert folder.delivers_every_frame
    assert isinstance(create_source("synthetic:15"), SyntheticSource)
    assert isinstance(create_source("camera:1"), CameraSource)
    with pytest.raises(SourceUnavailableError):
        create_source(f"video:{tmp_path / 'missing.avi'}")


def test_sources_import_without_qt():
    """The sources package must stay usable headless: it never imports Qt."""
    source_files = Path(__file__).resolve().parents[1] / "winclip_desktop" / "sources"
    for module in source_files.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "PySide6" not in text, module.name
