"""Read inspection images into RGB arrays, find them in folders and write PNG files.

Every image is decoded by Pillow from an in-memory buffer and every PNG is encoded into one,
never through ``cv2.imread``/``cv2.imwrite`` on a path, because OpenCV's path functions fail on
non-ASCII paths on Windows.

Conversions applied by :func:`read_image` (the output is always H x W x 3 uint8 RGB):

* The EXIF orientation tag is applied (``ImageOps.exif_transpose``), so the array is upright.
* Greyscale (``L``, ``1``) is replicated into three channels.
* Alpha is dropped as stored: ``RGBA``, ``LA`` and palette images with transparency keep their
  colour values and are not composited onto any background.
* 16-bit greyscale (``I;16*``) is scaled to 8 bits by rounding ``value / 257``, so 0..65535 maps
  onto 0..255. 16-bit RGB PNGs are already reduced to their high byte by Pillow.
* 32-bit integer greyscale (``I``) is treated as 16-bit when all values lie in 0..65535, and is
  otherwise stretched linearly from its minimum to its maximum.
* 32-bit float greyscale (``F``, for example float TIFFs) is read as 0..1 when all finite values lie
  in [0, 1], as 0..255 when they lie in [0, 255], and is otherwise stretched linearly from its
  minimum to its maximum. NaN and infinite values become the minimum.
* CMYK, YCbCr and other colour modes go through Pillow's ``convert("RGB")``.
* A multi-page TIFF yields its first page.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import stat
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from winclip_desktop.storage.atomic import atomic_write_bytes

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
"""File name suffixes treated as images, compared case-insensitively."""

DEFAULT_MAX_PIXELS = 100_000_000
"""Default limit on width x height, checked from the header before any pixel is decoded."""

_SUPPORTED_FORMATS = "PNG, JPEG, BMP or TIFF"


class ImageReadError(ValueError):
    """An image file that cannot be read, with the file and the reason.

    The message has the form "Cannot read image <path>: <reason>. <what to do>".
    """

    def __init__(self, path: str | os.PathLike, reason: str, hint: str = "") -> None:
        self.path = Path(path)
        self.reason = reason
        self.hint = hint
        message = f"Cannot read image {self.path}: {reason}."
        if hint:
            message += f" {hint}"
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.path, self.reason, self.hint))


def is_image_path(path: str | os.PathLike) -> bool:
    """Return True when the name of ``path`` ends with one of :data:`IMAGE_SUFFIXES`."""
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def find_images(root: str | os.PathLike, exclude: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """List every path under ``root`` whose name has an image suffix, recursively and sorted.

    Every entry named like an image is returned, whatever it is: regular files, broken symbolic
    links, symbolic-link loops and directories named like ``x.jpg``. The scan then reports each
    unreadable entry through the :class:`ImageReadError` that :func:`read_image` raises, instead
    of skipping it silently. A directory named like an image is also searched for images inside.

    Symbolic links to directories are followed, but each directory is visited at most once
    (tracked by device and inode), so link loops cannot recurse forever. Folders listed in
    ``exclude`` (for example an output folder inside the input folder) are not searched.

    Raises:
        FileNotFoundError: ``root`` does not exist.
        NotADirectoryError: ``root`` is not a directory.
    """
    root_path = Path(root)
    if not root_path.exists():
        raise FileNotFoundError(f"Image folder not found: {root_path}. Check the path and try again.")
    if not root_path.is_dir():
        raise NotADirectoryError(
            f"Not a folder: {root_path}. Choose the folder that contains the images."
        )

    excluded = {_directory_key(Path(p)) for p in exclude if Path(p).is_dir()}
    visited: set[tuple[int, int]] = set()
    found: list[Path] = []
    pending = [root_path]
    while pending:
        directory = pending.pop()
        try:
            key = _directory_key(directory)
        except OSError as exc:
            logger.warning("Skipping folder %s: %s", directory, exc.strerror or exc)
            continue
        if key in visited or key in excluded:
            continue
        visited.add(key)
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            # NOTE: images inside an unreadable subfolder are missing from the list, and this
            # warning is the only report of them.
            logger.warning("Skipping folder %s: %s", directory, exc.strerror or exc)
            continue
        for entry in entries:
            path = Path(entry.path)
            if is_image_path(path):
                found.append(path)
            if _is_directory(entry):
                pending.append(path)
    return sorted(found)


def _directory_key(path: Path) -> tuple[int, int]:
    status = path.stat()
    return (status.st_dev, status.st_ino)


def _is_directory(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def read_image(path: str | os.PathLike, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Read an image file into an H x W x 3 uint8 RGB array.

    The conversions are listed in the module docstring. Images with more than ``max_pixels``
    pixels (width x height of the first page) are rejected from the header, before the rest of
    the file is read or decoded.

    Raises:
        ImageReadError: the file is missing, empty, not a regular file, a broken or looping
            symbolic link, not a supported image, truncated or corrupt, or too large. The
            message names the file and the reason.
    """
    path = Path(path)
    _check_file(path)
    try:
        with open(path, "rb") as handle:
            _open_checked(handle, path, max_pixels)
            handle.seek(0)
            data = handle.read()
    except OSError as exc:
        raise ImageReadError(path, _os_reason(exc), "Check the file's permissions.") from exc
    return decode_image(data, path, max_pixels)


def _check_file(path: Path) -> None:
    """Raise ImageReadError unless ``path`` is a non-empty regular file, following links."""
    try:
        link_status = os.lstat(path)
    except FileNotFoundError as exc:
        raise ImageReadError(path, "file not found", "Check the path.") from exc
    except OSError as exc:
        raise ImageReadError(path, _os_reason(exc)) from exc

    try:
        status = os.stat(path)
    except OSError as exc:
        if stat.S_ISLNK(link_status.st_mode):
            target = _link_target(path)
            if exc.errno == errno.ELOOP:
                reason = f"symbolic link loop (points to {target})"
            elif exc.errno == errno.ENOENT:
                reason = f"broken symbolic link (target {target} does not exist)"
            else:
                reason = f"symbolic link to {target} cannot be followed ({_os_reason(exc)})"
            raise ImageReadError(path, reason, "Fix or remove the link.") from exc
        raise ImageReadError(path, _os_reason(exc)) from exc

    if stat.S_ISDIR(status.st_mode):
        raise ImageReadError(
            path, "it is a folder, not an image file", "Rename the folder or move it out of the input folder."
        )
    if not stat.S_ISREG(status.st_mode):
        raise ImageReadError(path, "not a regular file", "Only image files can be inspected.")
    if status.st_size == 0:
        raise ImageReadError(path, "file is empty (0 bytes)", "Copy the image again from its source.")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def decode_image(
    data: bytes, source: str | os.PathLike = "<memory>", max_pixels: int = DEFAULT_MAX_PIXELS
) -> np.ndarray:
    """Decode encoded image bytes into an H x W x 3 uint8 RGB array, as :func:`read_image` does.

    ``source`` names the data in error messages, usually the file it came from.

    Raises:
        ImageReadError: the data is empty, not a supported image, truncated, corrupt or too large.
    """
    if not data:
        raise ImageReadError(source, "no data (0 bytes)")
    image = _open_checked(io.BytesIO(data), source, max_pixels)
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise ImageReadError(
            source, f"image is too large ({exc})", "Reduce the image size before inspecting it."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - Pillow decoders raise many types for corrupt data
        raise ImageReadError(
            source, f"file is truncated or corrupt ({exc})", "Copy the image again from its source."
        ) from exc

    image = _apply_exif_orientation(image, source)
    try:
        array = _to_rgb_array(image)
    except ValueError as exc:
        raise ImageReadError(
            source, f"unsupported colour mode {image.mode!r} ({exc})", "Save the image as 8-bit RGB."
        ) from exc
    return np.ascontiguousarray(array)


def _open_checked(stream: BinaryIO, source: str | os.PathLike, max_pixels: int) -> Image.Image:
    """Open the header lazily and reject images above ``max_pixels`` before decoding."""
    try:
        with warnings.catch_warnings():
            # The pixel limit is checked below against max_pixels, so Pillow's own warning at
            # Image.MAX_IMAGE_PIXELS would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(stream)
    except UnidentifiedImageError as exc:
        raise ImageReadError(
            source,
            f"not a recognised image format (expected {_SUPPORTED_FORMATS})",
            "Check that the file is an image and not renamed from another type.",
        ) from exc
    except Image.DecompressionBombError as exc:
        # NOTE: Pillow raises this from the header above 2 x Image.MAX_IMAGE_PIXELS, before the
        # size is available here, so a max_pixels above that limit cannot be honoured.
        raise ImageReadError(
            source, f"image is too large ({exc})", "Reduce the image size before inspecting it."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - plugins raise many types for a corrupt header
        raise ImageReadError(
            source, f"file header is corrupt ({exc})", "Copy the image again from its source."
        ) from exc

    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageReadError(source, f"image has no pixels ({width} x {height})")
    if width * height > max_pixels:
        raise ImageReadError(
            source,
            f"image is {width} x {height} = {width * height} pixels, above the limit of {max_pixels}",
            "Reduce the image size or raise the pixel limit.",
        )
    n_frames = getattr(image, "n_frames", 1)
    if n_frames > 1:
        logger.debug("%s has %d pages or frames; reading the first", source, n_frames)
    return image


def _apply_exif_orientation(image: Image.Image, source: str | os.PathLike) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception as exc:  # noqa: BLE001 - a broken EXIF block must not reject a good image
        logger.warning("Ignoring the unreadable EXIF orientation of %s: %s", source, exc)
        return image


def _to_rgb_array(image: Image.Image) -> np.ndarray:
    """Convert a decoded Pillow image of any supported mode to H x W x 3 uint8 RGB."""
    mode = image.mode
    if mode == "RGB":
        return np.asarray(image, dtype=np.uint8)
    if mode in ("L", "1", "LA"):
        grey = np.asarray(image.convert("L"), dtype=np.uint8)
        return _grey_to_rgb(grey)
    if mode in ("RGBA", "RGBX", "RGBa", "P", "PA"):
        return np.asarray(image.convert("RGBA"), dtype=np.uint8)[:, :, :3]
    if mode.startswith("I;16"):
        values = np.asarray(image).astype(np.uint32)
        return _grey_to_rgb(_scale_16_bit(values))
    if mode == "I":
        return _grey_to_rgb(_scale_int32(np.asarray(image)))
    if mode == "F":
        return _grey_to_rgb(_scale_float(np.asarray(image, dtype=np.float64)))
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def _grey_to_rgb(grey: np.ndarray) -> np.ndarray:
    return np.repeat(grey[:, :, np.newaxis], 3, axis=2)


def _scale_16_bit(values: np.ndarray) -> np.ndarray:
    """Map 0..65535 onto 0..255 by rounding value / 257 (65535 = 255 * 257)."""
    return ((values + 128) // 257).astype(np.uint8)


def _scale_int32(values: np.ndarray) -> np.ndarray:
    values = values.astype(np.int64)
    low, high = int(values.min()), int(values.max())
    if low >= 0 and high <= 65535:
        return _scale_16_bit(values)
    logger.debug("Stretching 32-bit integer values %d..%d to 0..255", low, high)
    return _stretch(values.astype(np.float64), low, high)


def _scale_float(values: np.ndarray) -> np.ndarray:
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros(values.shape, dtype=np.uint8)
    low = float(values[finite].min())
    high = float(values[finite].max())
    values = np.where(finite, values, low)
    if low >= 0.0 and high <= 1.0:
        return np.rint(values * 255.0).astype(np.uint8)
    if low >= 0.0 and high <= 255.0:
        return np.rint(values).astype(np.uint8)
    logger.debug("Stretching float values %g..%g to 0..255", low, high)
    return _stretch(values, low, high)


def _stretch(values: np.ndarray, low: float, high: float) -> np.ndarray:
    if high <= low:
        return np.zeros(values.shape, dtype=np.uint8)
    return np.rint((values - low) * (255.0 / (high - low))).astype(np.uint8)


def encode_png(array: np.ndarray) -> bytes:
    """Encode an array as PNG bytes.

    Accepted arrays: H x W or H x W x 1 greyscale (uint8 or uint16), H x W x 3 RGB or
    H x W x 4 RGBA (uint8 or uint16). Channel order is RGB(A), as everywhere in this package.

    Raises:
        ValueError: the array is empty or has an unsupported shape or dtype.
    """
    array = np.asarray(array)
    if array.dtype not in (np.uint8, np.uint16):
        raise ValueError(
            f"Cannot encode an array of dtype {array.dtype} as PNG: convert it to uint8 or uint16 "
            "first (a boolean mask becomes mask.astype(np.uint8) * 255)."
        )
    if array.size == 0:
        raise ValueError(f"Cannot encode an empty array of shape {array.shape} as PNG.")
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 3 and array.shape[2] == 3:
        array = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
    elif array.ndim == 3 and array.shape[2] == 4:
        array = cv2.cvtColor(array, cv2.COLOR_RGBA2BGRA)
    elif array.ndim != 2:
        raise ValueError(
            f"Cannot encode an array of shape {array.shape} as PNG: expected H x W, H x W x 3 or H x W x 4."
        )

    ok, encoded = cv2.imencode(".png", array, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise ValueError(f"OpenCV failed to encode an array of shape {array.shape} as PNG.")
    return encoded.tobytes()


def write_png(path: str | os.PathLike, array: np.ndarray) -> None:
    """Encode ``array`` as PNG (see :func:`encode_png`) and write it atomically to ``path``.

    The parent folder must exist.

    Raises:
        ValueError: the array cannot be encoded.
        winclip_desktop.storage.atomic.ExportError: the file cannot be written.
    """
    atomic_write_bytes(path, encode_png(array))
