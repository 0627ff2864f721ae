"""A sample blog for the tests, made at test time: never the demo in content/.

It is the golden site's content (tests/sites/golden/content) plus the posts and notes in
tests/sites/sample/content, which fill the lists past one page; photos drawn here with Pillow;
and an archive imported with the real importer from the sample exports in tests/fixtures/exports/,
after which the staff write one alt text by hand, as the README tells them to.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from tests import archive_support
from tests.golden import SITE as GOLDEN

SAMPLE = Path(__file__).parent / "sites" / "sample"
PUBLISH_SETTINGS = SAMPLE / "publish.py"
PREVIEW_SETTINGS = SAMPLE / "preview.py"
# Photos the sample content names, as (width, height, colour): big enough for two widths.
PHOTOS = {
    "skolkoket.jpg": (1600, 1067, (180, 90, 40)),
    "raddning.jpg": (1200, 800, (170, 30, 30)),
    "vattenverket.jpg": (1440, 960, (30, 90, 160)),
    "sommarjobb.jpg": (1080, 1350, (220, 180, 40)),
    "samir.jpg": (600, 600, (90, 110, 130)),  # the guest author's portrait (preview.py, publish.py)
}
EXPORTS = ("sample-instagram", "sample-linkedin")
HAND_WRITTEN_ALT = "Illustration: två personer i gröna arbetskläder vid ett köksbord."


def draw_photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=(240, 240, 240))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)


def write_sample_content(root: Path) -> Path:
    """The sample's content folder under root (root/content), ready to build."""
    content = root / "content"
    shutil.copytree(GOLDEN / "content", content)
    shutil.copytree(SAMPLE / "content", content, dirs_exist_ok=True)
    for name, (width, height, colour) in PHOTOS.items():
        draw_photo(content / "images" / name, (width, height), colour)
    for case in EXPORTS:
        export = archive_support.export(case, root / "exports", zipped=False)
        code, out, err = archive_support.run(export, "--archive", content / "archive")
        assert code == 0, f"the sample export {case} did not import:\n{out}{err}"
    first = next(p for p in sorted((content / "archive" / "instagram").rglob("*.json")) if "2025-03-12" in p.name)
    post = json.loads(first.read_text(encoding="utf-8"))
    post["media"][0]["alt"] = HAND_WRITTEN_ALT
    first.write_text(json.dumps(post, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return content
