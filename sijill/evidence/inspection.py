"""Looking inside a file before it enters the vault: type, integrity, metadata, perceptual hash.

No Django here. Every check works on a staged temporary file and raises `Rejected` with a message
a user can act on; the caller then discards the file, so nothing partial is stored. Archives are
never extracted; their declared sizes are read only to refuse zip bombs.
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import magic
from PIL import Image

# A photo larger than this many pixels is refused rather than decoded (decompression bombs).
MAX_IMAGE_PIXELS = 200_000_000
# Archives: refused when they claim to expand far beyond their size.
MAX_ARCHIVE_RATIO = 200
MAX_ARCHIVE_TOTAL = 20 * 1024**3
TOOL_TIMEOUT = 120
NEAR_DUPLICATE_DISTANCE = 8

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class Rejected(Exception):
    """The file is not acceptable as it is (empty, corrupt, disguised, a bomb); nothing was stored."""


@dataclass
class Inspection:
    mime_type: str
    kind: str  # photo, video, audio, document, archive, other
    metadata: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)  # device, captured_at, latitude, longitude, duration...
    phashes: list[str] = field(default_factory=list)


_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}  # controls, NUL, bidi overrides, zero-width


def clean_filename(name: str) -> str:
    """A file name safe to show and to put in a package: no folders, controls or direction overrides.

    "../../etc/passwd" -> "passwd"; "invoice\u202egpj.exe" -> "invoicegpj.exe" (what it really is).
    """
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)
    name = re.split(r"[/\\]", name)[-1].strip().lstrip(".")
    name = name[:200]
    return name or "unnamed"


def kind_of(mime: str) -> str:
    if mime.startswith("image/"):
        return "photo"
    if mime.startswith("video/"):
        return "video"
    if mime.startswith("audio/"):
        return "audio"
    if mime in ARCHIVES:
        return "archive"
    if mime == "application/pdf" or mime.startswith("text/") or "document" in mime or "msword" in mime:
        return "document"
    return "other"


ARCHIVES = {"application/zip", "application/x-zip-compressed"}
_OOXML = re.compile(r"application/vnd\.(openxmlformats|oasis\.opendocument)")


def _families(mime: str) -> set[str]:
    if mime.startswith(("video/", "audio/")):
        return {"av"}
    if mime.startswith("image/"):
        return {"image"}
    if mime == "application/pdf":
        return {"pdf"}
    if mime in ARCHIVES or _OOXML.match(mime):
        return {"zip"}
    return set()


def inspect(path: Path, filename: str) -> Inspection:
    """Detect the real type, check it agrees with the name and is intact, and extract metadata."""
    mime = magic.from_file(str(path), mime=True) or "application/octet-stream"
    claimed = mimetypes.guess_type(filename)[0]
    if claimed:
        expected, found = _families(claimed), _families(mime)
        if expected and expected != found:
            raise Rejected(
                f"The name {filename!r} says {claimed} but the content is {mime}; "
                "rename the file to what it is or check that it is the file you meant."
            )
    kind = kind_of(mime)
    result = Inspection(mime_type=mime, kind=kind)
    if kind == "photo":
        _check_image(path)
    elif kind in ("video", "audio"):
        result.metadata["ffprobe"] = _ffprobe(path)
    elif mime == "application/pdf":
        _check_pdf(path)
    elif kind == "archive" or _OOXML.match(mime):
        _check_archive(path)
    result.metadata["exif"] = _exiftool(path)
    result.summary = _summary(result.metadata)
    result.phashes = perceptual_hashes(path, kind)
    return result


def _check_image(path: Path) -> None:
    try:
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            img.load()
    except Image.DecompressionBombError as exc:
        raise Rejected(f"The image is too large to open safely ({exc}).") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for broken files
        raise Rejected(f"The image is truncated or corrupt ({exc}).") from None


def _check_pdf(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise Rejected("The PDF has no PDF header; it is corrupt or not a PDF.")
    if b"%%EOF" not in tail:
        raise Rejected("The PDF is truncated: its end-of-file marker is missing.")


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise Rejected(f"The archive is corrupt ({exc}).") from None
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if total > MAX_ARCHIVE_TOTAL or (total > 10 * 1024**2 and total / packed > MAX_ARCHIVE_RATIO):
        raise Rejected(
            f"The archive claims to expand to {total} bytes from {packed} ({total // packed}x): "
            "refused as a possible zip bomb. Send its files one by one."
        )


def _run(args: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except FileNotFoundError:
        return subprocess.CompletedProcess(args, 127, b"", f"{args[0]} is not installed".encode())
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, b"", b"timed out")


def _ffprobe(path: Path) -> dict:
    done = _run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)])
    if done.returncode == 127:
        return {"unavailable": "ffprobe is not installed"}
    try:
        data = json.loads(done.stdout or b"{}")
    except json.JSONDecodeError:
        data = {}
    if done.returncode != 0 or not data.get("streams"):
        error = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise Rejected(f"The media file is truncated or corrupt ({error[-1] if error else 'no streams found'}).")
    return data


def _exiftool(path: Path) -> dict:
    done = _run(["exiftool", "-json", "-n", "-G", "-api", "largefilesupport=1", "-x", "System:all", str(path)])
    if done.returncode == 127:
        return {"unavailable": "exiftool is not installed"}
    try:
        data = json.loads(done.stdout or b"[{}]")[0]
    except (json.JSONDecodeError, IndexError):
        return {}
    return {k: v for k, v in data.items() if not (isinstance(v, str) and v.startswith("(Binary data"))}


def _first(exif: dict, *names):
    for key, value in exif.items():
        if key.split(":")[-1] in names and value not in ("", None, "0000:00:00 00:00:00"):
            return value
    return None


_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


def _summary(metadata: dict) -> dict:
    """The few facts an analyst looks for first, from whichever tool knew them."""
    exif = metadata.get("exif", {})
    probe = metadata.get("ffprobe", {})
    tags = {k.lower(): v for k, v in (probe.get("format", {}).get("tags") or {}).items()}
    make, model = _first(exif, "Make"), _first(exif, "Model")
    summary = {
        "device": " ".join(str(x) for x in (make, model) if x) or None,
        "captured_at": _first(exif, "DateTimeOriginal", "CreateDate", "MediaCreateDate") or tags.get("creation_time"),
        "latitude": _first(exif, "GPSLatitude"),
        "longitude": _first(exif, "GPSLongitude"),
        "duration": float(probe["format"]["duration"]) if probe.get("format", {}).get("duration") else _first(exif, "Duration"),
        "pages": _first(exif, "PageCount"),
        "author": _first(exif, "Author", "Artist", "Creator"),
        "title": _first(exif, "Title"),
    }
    location = tags.get("location") or tags.get("com.apple.quicktime.location.iso6709")
    if location and summary["latitude"] is None and (m := _ISO6709.match(location)):
        summary["latitude"], summary["longitude"] = float(m.group(1)), float(m.group(2))
    return {k: v for k, v in summary.items() if v not in (None, "")}


def perceptual_hashes(path: Path, kind: str) -> list[str]:
    """pHash of a photo, or of up to five keyframes of a video, as 16-digit hex strings."""
    import imagehash

    if kind == "photo":
        with Image.open(path) as img:
            return [str(imagehash.phash(img))]
    if kind == "video":
        return [str(imagehash.phash(frame)) for frame in _keyframes(path, 5)]
    return []


def _keyframes(path: Path, count: int, width: int = 320) -> list[Image.Image]:
    done = _run([
        "ffmpeg", "-v", "error", "-skip_frame", "nokey", "-i", str(path), "-vf", f"scale={width}:-2",
        "-fps_mode", "vfr", "-frames:v", str(count), "-f", "image2pipe", "-vcodec", "png", "-",
    ])
    frames, data = [], done.stdout or b""
    marker = b"\x89PNG\r\n\x1a\n"
    for part in data.split(marker)[1:]:
        try:
            img = Image.open(io.BytesIO(marker + part))
            img.load()
            frames.append(img)
        except Exception:  # noqa: BLE001 - a frame that does not decode is skipped
            continue
    return frames


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def thumbnail(path: Path, kind: str, out: Path, size: int = 480) -> bool:
    """A small JPEG for the UI, without any metadata; False when the kind has no picture."""
    if kind == "photo":
        with Image.open(path) as img:
            img = img.convert("RGB")
    elif kind == "video":
        frames = _keyframes(path, 1, size)
        if not frames:
            return False
        img = frames[0].convert("RGB")
    else:
        return False
    img.thumbnail((size, size))
    img.save(out, "JPEG", quality=80)
    return True
