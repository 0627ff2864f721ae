"""Make the resized JPEG and WebP copies of one photo, cached by the photo's content.

Pure core: no Pelican here. The cache key is the photo's SHA-256 plus the settings that shape
the output, so an unchanged photo is never decoded twice, even after a fresh git checkout.

The copies are the only form in which a photo is published, so they carry none of the original's
metadata: no EXIF (GPS, camera make, model and serial, dates), no XMP, no IPTC, no comment.
Pillow copies image.info through convert() and resize(), and its JPEG encoder writes the
comment it finds there, so info is emptied before saving. Only the ICC colour profile is kept,
when it is a real profile: phone photos are often Display P3 and look dull without it, and a
profile describes colours, not the photo's place or camera.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import photo_files  # noqa: F401 (its Pillow warning filter, in worker processes too)
from file_digest import content_key
from output_files import replacing, write_whole
from PIL import Image, ImageCms, ImageOps

# Pillow format name, file extension, extra encoder options.
FORMATS = (("jpeg", "jpg", {"progressive": True}), ("webp", "webp", {"method": 4}))
# Part of every cache key: bump it when the copies change, so copies made before are made again
# (version 2: copies made before it could carry the original's JPEG comment).
VERSION = 2


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    file: str  # file name inside the cache and under the output's variant folder
    mime: str


@dataclass(frozen=True)
class Processed:
    width: int  # of the photo as displayed (orientation applied)
    height: int
    variants: tuple[Variant, ...]

    def largest(self, mime: str) -> Variant:
        return max((v for v in self.variants if v.mime == mime), key=lambda v: v.width)

    def srcset(self, mime: str, base_url: str) -> str:
        return ", ".join(
            f"{base_url}/{v.file} {v.width}w" for v in self.variants if v.mime == mime
        )


def digest(path: Path, widths: tuple[int, ...], quality: int) -> str:
    h = hashlib.sha256(content_key(path).encode())
    h.update(repr((VERSION, widths, quality)).encode())
    return h.hexdigest()[:16]


def cached(cache_dir: Path, key: str) -> Processed | None:
    manifest = cache_dir / f"{key}.json"
    if not manifest.is_file():
        return None
    data = json.loads(manifest.read_text(encoding="utf-8"))
    result = Processed(data["width"], data["height"], tuple(Variant(**v) for v in data["variants"]))
    if all((cache_dir / v.file).is_file() for v in result.variants):
        return result
    return None


def make(source: Path, key: str, stem: str, widths: tuple[int, ...], quality: int, cache_dir: Path) -> Processed:
    """Decode once, at the smallest size JPEG allows, and write every width in both formats."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as image:
        full_w, full_h = _display_size(image)
        targets = _targets(full_w, widths)
        # Reduced-size decoding: JPEG can decode at 1/2, 1/4, 1/8 scale almost for free.
        scale = targets[0] / full_w
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        colours = _colour_profile(image.info.get("icc_profile"))
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.info = {}  # every copy below starts without the original's metadata
        variants = []
        for width in targets:
            height = max(1, round(full_h * width / full_w))
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            for pil_format, ext, options in FORMATS:
                name = f"{stem}-{key[:8]}-{width}.{ext}"
                with replacing(cache_dir / name) as draft:
                    resized.save(draft, pil_format, quality=quality, optimize=True, **colours, **options)
                variants.append(Variant(width, height, name, f"image/{pil_format}"))
    result = Processed(full_w, full_h, tuple(variants))
    write_whole(cache_dir / f"{key}.json", json.dumps(asdict(result)))
    return result


def _colour_profile(icc: bytes | None) -> dict:
    """The save option that keeps an ICC profile, if littleCMS reads it as one; else nothing."""
    if not icc:
        return {}
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ValueError, TypeError):
        return {}  # not a profile: whatever the bytes are, they are not published
    return {"icc_profile": icc}


# A width within a fifth of the next larger one saves a browser almost nothing and costs two more
# encodes: a 1080 px archive photo gets 1080 and 480, not 1080, 960 and 480.
CLOSE = 0.8


def _targets(full_w: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to make, largest first: the configured ones below the photo's, and its own (capped)."""
    targets = [min(full_w, max(widths))]
    for width in sorted((w for w in widths if w < targets[0]), reverse=True):
        if width <= CLOSE * targets[-1]:
            targets.append(width)
    return targets


def _display_size(image: Image.Image) -> tuple[int, int]:
    """Width and height after EXIF orientation, without decoding the pixels."""
    orientation = image.getexif().get(0x0112, 1)
    w, h = image.size
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)
