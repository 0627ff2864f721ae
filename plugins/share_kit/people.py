"""Where the people are in a photo, and where the rest of its interest lies, for cropping share images.

OpenCV (opencv-python-headless) finds them with detectors whose models ship inside its wheel, so
nothing is downloaded at run time: Haar cascades for faces seen from the front and in profile, and
the HOG person detector for whole people whose faces are small or turned away. When it finds no
one, the crop follows the photo's detail instead (edges, summed per column and row), so a building
or a whiteboard is not cut in half for a plain sky.

A photo is read once at reduced size (the JPEG decoder scales down while decoding), and the answer
is kept in the cache by the photo's hash, so each photo is looked at once, whatever its title or
cards. Boxes are fractions of the photo's width and height.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

import photo_files  # noqa: F401 (its Pillow warning filter, in worker processes too)
from file_digest import content_key
from output_files import write_whole

if TYPE_CHECKING:
    import numpy as np

VERSION = "2"  # bump when detection changes, so cached answers are made again
SIZE = 640  # the longest side the detectors see
PROFILE_BINS = 64
MIN_PERSON_WEIGHT = 1.0  # HOG's own score; below it, tree trunks and door frames pass for people


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    kind: str  # "face" or "person"


@dataclass(frozen=True)
class Subjects:
    boxes: tuple[Box, ...]
    columns: tuple[float, ...]  # share of the photo's detail in each of PROFILE_BINS columns
    rows: tuple[float, ...]


def find(photo: Path, cache_dir: Path | None = None) -> Subjects:
    """The photo's people and detail, from the cache when this photo was looked at before."""
    cached = None
    if cache_dir is not None:
        cached = cache_dir / f"{content_key(photo)[:20]}-v{VERSION}.json"
        if cached.is_file():
            data = json.loads(cached.read_text(encoding="utf-8"))
            return Subjects(tuple(Box(**b) for b in data["boxes"]), tuple(data["columns"]), tuple(data["rows"]))
    found = detect(photo)
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_whole(cached, json.dumps(asdict(found)))
    return found


def detect(photo: Path) -> Subjects:
    # Only when a photo is new: a build whose cards are all cached never loads OpenCV or NumPy
    # (NumPy alone is a tenth of a second of every build's start).
    import cv2
    import numpy as np

    cv2.setNumThreads(1)  # the cards are drawn in a process per core already; more threads only contend
    with Image.open(photo) as image:
        image.draft("RGB", (SIZE, SIZE))
        image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((SIZE, SIZE))
    rgb = np.asarray(image)
    gray = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    height, width = gray.shape
    boxes = [_box(rect, width, height, "face") for rect in _faces(cv2, gray)]
    hog = cv2.HOGDescriptor()
    hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
    rects, weights = hog.detectMultiScale(rgb, winStride=(8, 8), padding=(8, 8), scale=1.05)
    boxes += [_box(rect, width, height, "person")
              for rect, weight in zip(rects, np.ravel(weights)) if weight >= MIN_PERSON_WEIGHT]
    columns, rows = _detail(gray.astype(np.float32))
    return Subjects(tuple(boxes), columns, rows)


def _faces(cv2, gray):
    """Frontal faces and profiles facing either way (the profile cascade knows one side only)."""
    smallest = max(20, min(gray.shape) // 25)
    width = gray.shape[1]
    frontal = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")
    profile = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_profileface.xml")
    found = [tuple(r) for r in frontal.detectMultiScale(gray, 1.1, 5, minSize=(smallest, smallest))]
    # Profiles in coarser steps: the slowest cascade, run twice, and faces seen from the side are rarer.
    found += [tuple(r) for r in profile.detectMultiScale(gray, 1.2, 6, minSize=(smallest, smallest))]
    flipped = profile.detectMultiScale(cv2.flip(gray, 1), 1.2, 6, minSize=(smallest, smallest))
    found += [(width - x - w, y, w, h) for x, y, w, h in flipped]
    return _without_overlaps(found)


def _without_overlaps(rects):
    """One box per face: a profile found beside the same frontal face is the same face."""
    kept = []
    for x, y, w, h in sorted(rects, key=lambda r: -r[2] * r[3]):
        cx, cy = x + w / 2, y + h / 2
        if not any(kx <= cx <= kx + kw and ky <= cy <= ky + kh for kx, ky, kw, kh in kept):
            kept.append((x, y, w, h))
    return kept


def _box(rect, width: int, height: int, kind: str) -> Box:
    x, y, w, h = (int(v) for v in rect)
    return Box(round(max(x, 0) / width, 4), round(max(y, 0) / height, 4),
               round(min(x + w, width) / width, 4), round(min(y + h, height) / height, 4), kind)


def _detail(gray: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """How much edge there is in each column band and row band, as shares summing to 1."""
    import numpy as np

    edges = np.zeros_like(gray)
    edges[:, 1:] += np.abs(np.diff(gray, axis=1))
    edges[1:, :] += np.abs(np.diff(gray, axis=0))
    return _bins(edges.sum(axis=0)), _bins(edges.sum(axis=1))


def _bins(profile: np.ndarray) -> tuple[float, ...]:
    import numpy as np

    sums = np.array([part.sum() for part in np.array_split(profile, PROFILE_BINS)], dtype=np.float64)
    total = sums.sum()
    shares = sums / total if total > 0 else np.full(PROFILE_BINS, 1 / PROFILE_BINS)
    return tuple(round(float(s), 5) for s in shares)
