"""Pictures, good and bad, made in memory for the photo tests."""

import io
import struct
import zlib

from PIL import ExifTags, Image

# Somewhere in Moscow, as a phone writes it into a photo.
LATITUDE = (55.0, 45.0, 21.0)


def jpeg_with_gps(size: tuple[int, int] = (1200, 800)) -> bytes:
    """A JPEG straight from a phone: EXIF with the camera and the GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0),
    }
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def picture(fmt: str, size: tuple[int, int] = (300, 200), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    colour = {"RGBA": (20, 120, 200, 128), "L": 120}.get(mode, (20, 120, 200))
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


def php_named_jpg() -> bytes:
    return b"<?php system($_GET['c']); ?>\n" + b"\xff\xd8\xff\xe0" * 4


def truncated_jpeg() -> bytes:
    whole = jpeg_with_gps((800, 600))
    return whole[: len(whole) // 2]


def padded_png(total_bytes: int) -> bytes:
    """A real PNG followed by filler up to `total_bytes` (a huge file, as a camera's)."""
    head = picture("PNG")
    return head + b"\0" * (total_bytes - len(head))


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def decompression_bomb(side: int = 30_000) -> bytes:
    """A PNG of side×side one-bit pixels, all zero: ~110 KB that unpack into ~110 MB
    (a gigabyte once Pillow holds a byte a pixel)."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\0" * (1 + (side + 7) // 8)  # the filter byte, then the row's bits
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )
