"""`python -m bench.images MODE PHOTOS CACHE`: the image work for K photos, in one process.

Modes:
  ours-variants  plugins/responsive_images/variants.py `make` for every photo (cold cache)
  ours-cards     plugins/share_kit/cards.py `make_card`, a link card and a 4:5 picture card (Instagram) per photo
  ours-pool      the same `make` calls spread over a process pool on every core, as the build does
  plain          a plain Pillow script: open, resize from full size, save JPEG and WebP

An optional fourth argument is the plugins folder to use (the run's snapshot of plugins/).

All but ours-pool run in a single process, one photo after the other, so they compare the code and
not the parallelism; ours-pool is what the build does (responsive_images spreads `make` over a
process pool), to compare with the plain single-process script. `plain` does the
same conversions as our plugin (widths 480/960/1440, JPEG and WebP, quality 72) the obvious
way: no reduced-size decoding, no progressive or optimised JPEG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

WIDTHS = (480, 960, 1440)
QUALITY = 72


def ours_variants(photos: list[Path], cache: Path) -> int:
    from responsive_images import variants

    for photo in photos:
        variants.make(photo, variants.digest(photo, WIDTHS, QUALITY), photo.stem, WIDTHS, QUALITY, cache)
    return len(photos) * len(WIDTHS) * 2


def ours_pool(photos: list[Path], cache: Path) -> int:
    import os
    from concurrent.futures import ProcessPoolExecutor

    from responsive_images import variants

    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        jobs = [pool.submit(variants.make, photo, variants.digest(photo, WIDTHS, QUALITY), photo.stem, WIDTHS,
                            QUALITY, cache) for photo in photos]
        for job in jobs:
            job.result()
    return len(photos) * len(WIDTHS) * 2


def ours_cards(photos: list[Path], cache: Path) -> int:
    from share_kit import cards

    site = "Kim Provare · Förvaltningschef, Provstads kommun"
    made = 0
    for photo in photos:
        title = f"Besök hos hemtjänsten i Norra Ekbacka ({photo.stem})"
        for spec in (cards.LINK_CARD, cards.PICTURE):
            key = cards.cache_key(spec, title, site, photo, (0.5, 0.5), cards.DEFAULT_BRAND)
            cards.make_card(cache, key, spec, title, site, photo)
            made += 1
    return made


def plain(photos: list[Path], cache: Path) -> int:
    cache.mkdir(parents=True, exist_ok=True)
    made = 0
    for photo in photos:
        with Image.open(photo) as image:
            image = image.convert("RGB")
            for width in WIDTHS:
                resized = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
                resized.save(cache / f"{photo.stem}-{width}.jpg", "JPEG", quality=QUALITY)
                resized.save(cache / f"{photo.stem}-{width}.webp", "WEBP", quality=QUALITY)
                made += 2
    return made


MODES = {"ours-variants": ours_variants, "ours-pool": ours_pool, "ours-cards": ours_cards, "plain": plain}


def main(argv: list[str]) -> int:
    mode, folder, cache = argv[0], Path(argv[1]), Path(argv[2])
    plugins = Path(argv[3]) if len(argv) > 3 else Path(__file__).resolve().parents[1] / "plugins"
    sys.path.insert(0, str(plugins))  # our plugins import their helpers as top-level modules
    made = MODES[mode](sorted(folder.glob("*.jpg")), cache)
    print(f"{mode}: {made} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
