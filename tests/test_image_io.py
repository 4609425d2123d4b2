"""Tests for engine.image_io: reading awkward image files, finding images, writing PNG files."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile

from winclip_desktop.engine import image_io
from winclip_desktop.engine.image_io import (
    IMAGE_SUFFIXES,
    ImageReadError,
    decode_image,
    encode_png,
    find_images,
    read_image,
    write_png,
)

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"
BOTTLE_PNG = BOTTLE / "test" / "broken_large" / "000.png"
TILE_DIR = DATASETS / "magnetic_tile" / "magnetic_tile" / "test" / "blowhole"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"test data set missing: {path} (see shared/datasets/README.md)")
    return path


@pytest.fixture(scope="module")
def bottle_png() -> Path:
    return _require(BOTTLE_PNG)


@pytest.fixture(scope="module")
def tile_jpeg() -> Path:
    folder = _require(TILE_DIR)
    return sorted(folder.glob("*.jpg"))[0]


def _png_bytes(array: np.ndarray, **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", **save_options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _png_with_header_size(width: int, height: int) -> bytes:
    """Build a PNG whose IHDR claims width x height RGB but whose data is a few bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + _png_chunk(b"IEND", b"")
    )


# Reading real images


def test_read_real_png(bottle_png):
    image = read_image(bottle_png)

    assert image.shape == (900, 900, 3)
    assert image.dtype == np.uint8
    assert image.flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(image, np.asarray(Image.open(bottle_png).convert("RGB")))


def test_read_grey_jpeg_replicated(tile_jpeg):
    image = read_image(tile_jpeg)
    grey = np.asarray(Image.open(tile_jpeg).convert("L"))

    assert image.shape == grey.shape + (3,)
    for channel in range(3):
        np.testing.assert_array_equal(image[:, :, channel], grey)


def test_read_non_ascii_path(tmp_path, bottle_png):
    folder = tmp_path / "検査_é"
    folder.mkdir()
    target = folder / "部品1.png"
    target.write_bytes(bottle_png.read_bytes())

    np.testing.assert_array_equal(read_image(target), read_image(bottle_png))


# Files that cannot be read


def _make_zero_byte(tmp_path, bottle_png, tile_jpeg):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    return path, "empty"


def _make_truncated_png(tmp_path, bottle_png, tile_jpeg):
    data = bottle_png.read_bytes()
    path = tmp_path / "truncated.png"
    path.write_bytes(data[: len(data) // 2])
    return path, "truncated or corrupt"


def _make_truncated_jpeg(tmp_path, bottle_png, tile_jpeg):
    data = tile_jpeg.read_bytes()
    path = tmp_path / "truncated.jpg"
    path.write_bytes(data[: len(data) // 2])
    return path, "truncated or corrupt"


def _make_text_as_png(tmp_path, bottle_png, tile_jpeg):
    path = tmp_path / "notes.png"
    path.write_text("this is a text file, not an image\n", encoding="utf-8")
    return path, "not a recognised image format"


def _make_directory_named_jpg(tmp_path, bottle_png, tile_jpeg):
    path = tmp_path / "x.jpg"
    path.mkdir()
    return path, "it is a folder"


def _make_broken_symlink(tmp_path, bottle_png, tile_jpeg):
    path = tmp_path / "broken.png"
    os.symlink(tmp_path / "missing.png", path)
    return path, "broken symbolic link"


def _make_symlink_loop(tmp_path, bottle_png, tile_jpeg):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    os.symlink(second, first)
    os.symlink(first, second)
    return first, "symbolic link loop"


def _make_missing(tmp_path, bottle_png, tile_jpeg):
    return tmp_path / "never_written.png", "file not found"


BAD_FILES = [
    _make_zero_byte,
    _make_truncated_png,
    _make_truncated_jpeg,
    _make_text_as_png,
    _make_directory_named_jpg,
    _make_broken_symlink,
    _make_symlink_loop,
    _make_missing,
]


@pytest.mark.parametrize("make_file", BAD_FILES, ids=lambda make: make.__name__[len("_make_") :])
def test_read_bad_file_raises(tmp_path, bottle_png, tile_jpeg, make_file):
    path, expected_reason = make_file(tmp_path, bottle_png, tile_jpeg)

    with pytest.raises(ImageReadError) as caught:
        read_image(path)

    error = caught.value
    assert isinstance(error, ValueError)
    assert error.path == path
    assert expected_reason in error.reason
    assert str(error).startswith(f"Cannot read image {path}: {error.reason}.")


def test_read_error_message_has_hint(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")

    with pytest.raises(ImageReadError) as caught:
        read_image(path)

    assert caught.value.hint
    assert str(caught.value).endswith(caught.value.hint)


def test_read_unreadable_file_permission(tmp_path, bottle_png):
    if os.geteuid() == 0:
        pytest.skip("running as root, where file permissions do not stop reads")
    path = tmp_path / "locked.png"
    path.write_bytes(bottle_png.read_bytes())
    path.chmod(0)

    with pytest.raises(ImageReadError, match="permission denied"):
        read_image(path)


# Pixel limit


def test_max_pixels_rejects_before_decoding(bottle_png, monkeypatch):
    def fail_load(self):
        raise AssertionError("the image was decoded although it exceeds max_pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", fail_load)

    with pytest.raises(ImageReadError) as caught:
        read_image(bottle_png, max_pixels=900 * 900 - 1)

    assert "900 x 900 = 810000 pixels" in caught.value.reason
    assert "limit of 809999" in caught.value.reason


def test_max_pixels_allows_equal_size(bottle_png):
    assert read_image(bottle_png, max_pixels=900 * 900).shape == (900, 900, 3)


def test_huge_header_png_rejected(tmp_path):
    path = tmp_path / "huge_header.png"
    path.write_bytes(_png_with_header_size(20_000, 20_000))

    with pytest.raises(ImageReadError) as caught:
        read_image(path)

    assert "too large" in caught.value.reason or "above the limit" in caught.value.reason


def test_header_between_limits_rejected(tmp_path):
    # 10000 x 10001 is above the default limit of 100 000 000 but below twice Pillow's own
    # decompression-bomb limit, so the rejection comes from read_image's header check.
    path = tmp_path / "big_header.png"
    path.write_bytes(_png_with_header_size(10_000, 10_001))

    with pytest.raises(ImageReadError) as caught:
        read_image(path)

    assert "10000 x 10001 = 100010000 pixels" in caught.value.reason


def test_large_one_bit_image_rejected(tmp_path, monkeypatch):
    path = tmp_path / "large_1bit.png"
    Image.new("1", (12_000, 10_000)).save(path)

    def fail_load(self):
        raise AssertionError("the image was decoded although it exceeds max_pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", fail_load)

    with pytest.raises(ImageReadError, match="12000 x 10000 = 120000000 pixels"):
        read_image(path)


# Conversions


def test_16_bit_ramp_scaled(tmp_path):
    ramp = np.tile(np.linspace(0, 65535, 256).astype(np.uint16), (8, 1))
    path = tmp_path / "ramp16.png"
    path.write_bytes(_png_bytes(ramp))
    assert Image.open(path).mode.startswith("I;16")

    image = read_image(path)

    assert image.shape == (8, 256, 3)
    np.testing.assert_array_equal(image[0, :, 0], np.arange(256))
    np.testing.assert_array_equal(image[:, :, 0], image[:, :, 2])


def test_16_bit_big_endian_tiff(tmp_path):
    values = np.array([[0, 257, 32768, 65535]], dtype=np.uint16)
    path = tmp_path / "big_endian.tif"
    Image.frombytes("I;16B", (4, 1), values.astype(">u2").tobytes()).save(path)

    image = read_image(path)

    np.testing.assert_array_equal(image[0, :, 1], [0, 1, 128, 255])


def test_32_bit_integer_in_16_bit_range(tmp_path):
    values = np.array([[0, 257, 65535]], dtype=np.int32)
    path = tmp_path / "int32.tif"
    Image.fromarray(values, mode="I").save(path)

    np.testing.assert_array_equal(read_image(path)[0, :, 0], [0, 1, 255])


def test_grey_alpha_drops_alpha(tmp_path):
    grey = np.array([[10, 200]], dtype=np.uint8)
    alpha = np.array([[0, 255]], dtype=np.uint8)
    path = tmp_path / "grey_alpha.png"
    Image.merge("LA", [Image.fromarray(grey), Image.fromarray(alpha)]).save(path)

    image = read_image(path)

    np.testing.assert_array_equal(image[0, :, 0], [10, 200])
    np.testing.assert_array_equal(image[0, :, 2], [10, 200])


def test_palette_transparency_keeps_colours(tmp_path):
    palette_image = Image.new("P", (2, 1))
    palette_image.putpalette([255, 0, 0, 0, 0, 255] + [0] * (256 * 3 - 6))
    palette_image.putpixel((0, 0), 0)
    palette_image.putpixel((1, 0), 1)
    path = tmp_path / "palette.png"
    palette_image.save(path, transparency=0)

    image = read_image(path)

    np.testing.assert_array_equal(image[0, 0], [255, 0, 0])
    np.testing.assert_array_equal(image[0, 1], [0, 0, 255])


def test_rgba_alpha_dropped_as_stored(tmp_path):
    rgba = np.array([[[10, 20, 30, 0], [40, 50, 60, 128]]], dtype=np.uint8)
    path = tmp_path / "rgba.png"
    Image.fromarray(rgba, mode="RGBA").save(path)

    np.testing.assert_array_equal(read_image(path), rgba[:, :, :3])


def test_cmyk_jpeg_converted(tmp_path, bottle_png):
    rgb = Image.open(bottle_png).convert("RGB").resize((96, 96))
    path = tmp_path / "cmyk.jpg"
    rgb.convert("CMYK").save(path, quality=95)
    assert Image.open(path).mode == "CMYK"

    image = read_image(path)

    assert image.shape == (96, 96, 3)
    difference = np.abs(image.astype(int) - np.asarray(rgb).astype(int))
    assert difference.mean() < 8


def test_multipage_tiff_first_page(tmp_path):
    pages = [Image.new("RGB", (5, 4), colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    path = tmp_path / "pages.tiff"
    pages[0].save(path, save_all=True, append_images=pages[1:])
    assert Image.open(path).n_frames == 3

    image = read_image(path)

    assert image.shape == (4, 5, 3)
    assert (image == [200, 0, 0]).all()


def test_one_pixel_image(tmp_path):
    path = tmp_path / "one.bmp"
    Image.new("RGB", (1, 1), (7, 8, 9)).save(path)

    image = read_image(path)

    assert image.shape == (1, 1, 3)
    np.testing.assert_array_equal(image[0, 0], [7, 8, 9])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.0, 0.5, 1.0], [0, 128, 255]),
        ([0.0, 100.0, 255.0], [0, 100, 255]),
        ([-1.0, 0.0, 1.0], [0, 128, 255]),
        ([1000.0, 2000.0, 3000.0], [0, 128, 255]),
        ([np.nan, 0.25, np.inf], [64, 64, 64]),
    ],
    ids=["unit_range", "byte_range", "negative_stretched", "large_stretched", "non_finite"],
)
def test_float_tiff_scaled(tmp_path, values, expected):
    path = tmp_path / "float.tif"
    Image.fromarray(np.array([values], dtype=np.float32), mode="F").save(path)

    np.testing.assert_array_equal(read_image(path)[0, :, 0], expected)


def test_exif_orientation_applied(tmp_path):
    array = np.zeros((20, 40, 3), dtype=np.uint8)
    array[:, :20] = (255, 255, 255)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise for display
    path = tmp_path / "rotated.jpg"
    Image.fromarray(array).save(path, exif=exif.tobytes(), quality=95)

    image = read_image(path)

    assert image.shape == (40, 20, 3)
    assert image[:20].mean() > 200
    assert image[20:].mean() < 50


def test_decode_image_from_bytes(bottle_png):
    image = decode_image(bottle_png.read_bytes(), source="camera frame")

    assert image.shape == (900, 900, 3)


def test_decode_image_empty_names_source():
    with pytest.raises(ImageReadError, match="Cannot read image camera frame: no data"):
        decode_image(b"", source="camera frame")


# Finding images


def test_find_images_recursive_sorted(tmp_path):
    for name in ("b/2.PNG", "b/1.jpg", "a.tiff", "c/d/e.JpEg", "notes.txt", "c/readme.md", "x.bmp"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")

    found = [path.relative_to(tmp_path).as_posix() for path in find_images(tmp_path)]

    assert found == ["a.tiff", "b/1.jpg", "b/2.PNG", "c/d/e.JpEg", "x.bmp"]


def test_find_images_reports_unreadable_entries(tmp_path):
    (tmp_path / "x.jpg").mkdir()
    (tmp_path / "x.jpg" / "inner.png").write_bytes(b"x")
    os.symlink(tmp_path / "missing.png", tmp_path / "broken.png")
    os.symlink(tmp_path / "loop_b.png", tmp_path / "loop_a.png")
    os.symlink(tmp_path / "loop_a.png", tmp_path / "loop_b.png")

    found = [path.relative_to(tmp_path).as_posix() for path in find_images(tmp_path)]

    assert found == ["broken.png", "loop_a.png", "loop_b.png", "x.jpg", "x.jpg/inner.png"]
    for path in find_images(tmp_path)[:-1]:
        with pytest.raises(ImageReadError):
            read_image(path)


def test_find_images_directory_link_loop(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "img.png").write_bytes(b"x")
    os.symlink(tmp_path, tmp_path / "sub" / "back_to_root")
    os.symlink(tmp_path / "sub", tmp_path / "sub_again")

    found = [path.relative_to(tmp_path).as_posix() for path in find_images(tmp_path)]

    assert found == ["sub/img.png"]


def test_find_images_exclude(tmp_path):
    (tmp_path / "good.png").write_bytes(b"x")
    (tmp_path / "out" / "annotated").mkdir(parents=True)
    (tmp_path / "out" / "annotated" / "good.png.png").write_bytes(b"x")

    found = find_images(tmp_path, exclude=[tmp_path / "out"])

    assert found == [tmp_path / "good.png"]


def test_find_images_missing_root(tmp_path):
    with pytest.raises(FileNotFoundError, match="Image folder not found"):
        find_images(tmp_path / "nowhere")


def test_find_images_root_is_file(tmp_path):
    path = tmp_path / "one.png"
    path.write_bytes(b"x")

    with pytest.raises(NotADirectoryError, match="Not a folder"):
        find_images(path)


def test_image_suffixes():
    assert IMAGE_SUFFIXES == (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
    assert image_io.is_image_path("A.TIF")
    assert not image_io.is_image_path("a.gif")


# Writing PNG files


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12 * 7 * 3, dtype=np.uint8).reshape(12, 7, 3),
        (np.arange(12 * 7).reshape(12, 7) % 2 * 255).astype(np.uint8),
        np.arange(12 * 7 * 4, dtype=np.uint8).reshape(12, 7, 4),
    ],
    ids=["rgb", "mask", "rgba"],
)
def test_encode_png_round_trip(array):
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(array))))

    np.testing.assert_array_equal(decoded, array)


def test_encode_png_16_bit():
    array = np.array([[0, 1000, 65535]], dtype=np.uint16)

    decoded = np.asarray(Image.open(io.BytesIO(encode_png(array))))

    np.testing.assert_array_equal(decoded, array)


def test_write_png_non_ascii_round_trip(tmp_path, bottle_png):
    folder = tmp_path / "検査_é"
    folder.mkdir()
    target = folder / "部品1.png"
    image = read_image(bottle_png)

    write_png(target, image)

    np.testing.assert_array_equal(read_image(target), image)
    assert [path.name for path in folder.iterdir()] == ["部品1.png"]


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((4, 4), dtype=bool), "dtype bool"),
        (np.zeros((4, 4), dtype=np.float32), "dtype float32"),
        (np.zeros((4, 4, 2), dtype=np.uint8), "shape"),
        (np.zeros((0, 4, 3), dtype=np.uint8), "empty"),
    ],
    ids=["bool", "float", "two_channels", "empty"],
)
def test_encode_png_rejects_invalid(array, message):
    with pytest.raises(ValueError, match=message):
        encode_png(array)
