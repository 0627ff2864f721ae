"""Generate the benchmark site: N posts in the project's Markdown format, K photos, and Hugo's copy.

Everything follows from the seed, so two runs (or two machines) build byte-identical input.
The same planned posts are written in two variants: with photos (Image: and inline images,
for the image figures) and without (so our build is comparable with bare Pelican and Hugo).

    python -m bench.generate DIR [--posts 1000] [--photos 200] [--archive 2000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from . import words

SEED = 2026
STOCKHOLM = ZoneInfo("Europe/Stockholm")
PHOTO_SIZE = (3000, 2000)
# Every post is in the past (and not in the future on any machine clock), so all are published.
FIRST_DAY = datetime(2016, 1, 4, tzinfo=STOCKHOLM)
LAST_DAY = datetime(2025, 12, 19, tzinfo=STOCKHOLM)
HUGO_TEMPLATES = Path(__file__).with_name("hugo_site")


@dataclass(frozen=True)
class Post:
    number: int
    title: str
    slug: str
    date: datetime
    category: str
    tags: tuple[str, ...]
    summary: str
    hook: str
    author: str  # "" for Kim Provare, who leaves the field empty
    people: str
    place: str
    blocks: tuple[str, ...]  # Markdown paragraphs and headings, without links or photos
    links: tuple[int, ...]  # numbers of earlier posts linked from the text
    photo: int | None  # Image: (index into the photos), in the photo variant only
    photo_alt: str
    inline_photo: int | None

    @property
    def path(self) -> str:
        return f"posts/{self.date:%Y-%m-%d}-{self.slug}.md"

    @property
    def url(self) -> str:
        return f"/{self.date:%Y}/{self.slug}/"


def slugify(text: str) -> str:
    """Pelican's default slug rules (unidecode, drop punctuation, join with -) for our vocabulary."""
    text = text.lower().translate(str.maketrans("åäöé", "aaoe"))
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"[-\s]+", "-", text)


def plan_posts(count: int, photos: int, seed: int = SEED) -> list[Post]:
    """The posts, oldest first; numbers follow the dates so links always point back in time."""
    rng = random.Random(f"posts-{seed}-{count}")
    # Posts go out between 06:00 and 20:59, as a person would write them: 900 minutes a day.
    days = (LAST_DAY - FIRST_DAY).days
    moments = sorted(rng.sample(range(days * 900), count))
    posts: list[Post] = []
    seen: set[str] = set()
    photo_posts = 0
    for number, moment in enumerate(moments):
        day, minute = divmod(moment, 900)
        date = (FIRST_DAY + timedelta(days=day)).replace(hour=6 + minute // 60, minute=minute % 60)
        title, slug = unique_title(rng, seen)
        category = rng.choice(words.CATEGORIES)
        visit = category == "Besök"
        place = rng.choice(words.PLACES) if visit or rng.random() < 0.3 else ""
        with_photo = photos > 0 and (visit or rng.random() < 0.3)
        photo = photo_posts % photos if with_photo else None
        photo_posts += with_photo
        inline = rng.randrange(photos) if with_photo and rng.random() < 0.3 else None
        blocks = [words.paragraph(rng) for _ in range(rng.randint(4, 7))]
        if rng.random() < 0.5:
            blocks.insert(2, "## " + rng.choice(words.HEADINGS))
        earlier = rng.sample(range(number), min(number, rng.choice((0, 0, 1, 2))))
        posts.append(Post(
            number=number, title=title, slug=slug, date=date, category=category,
            tags=tuple(rng.sample(words.TAGS, rng.randint(1, 4))),
            summary=words.sentence(rng), hook=words.sentence(rng),
            author=words.GUEST if rng.random() < 0.12 else "",
            people="; ".join(words.person(rng) for _ in range(rng.randint(1, 2))) if visit else "",
            place=place, blocks=tuple(blocks), links=tuple(sorted(earlier)), photo=photo,
            photo_alt=words.alt_text(rng, place or "Ekbacka"), inline_photo=inline,
        ))
    return posts


def unique_title(rng: random.Random, seen: set[str]) -> tuple[str, str]:
    """A title whose slug no other post has (Pelican would write both to one URL)."""
    base = words.title(rng)
    title, part = base, 1
    while slugify(title) in seen:
        part += 1
        title = f"{base}, del {part}"
    seen.add(slugify(title))
    return title, slugify(title)


def body(post: Post, posts: list[Post], with_images: bool, link: str) -> str:
    """The text with its links (and photo) woven in; `link` formats a link target from a post."""
    blocks = list(post.blocks)
    paragraphs = [n for n, block in enumerate(blocks) if not block.startswith("#")]
    for n, target in zip(paragraphs[1:], post.links):
        other = posts[target]
        blocks[n] += f" Jag skrev om det i [{other.title}]({link.format(post=other)})."
    if with_images and post.inline_photo is not None:
        blocks.insert(1, f"![{post.photo_alt}]({{static}}/images/{photo_name(post.inline_photo)})")
    return "\n\n".join(blocks) + "\n"


def markdown(post: Post, posts: list[Post], with_images: bool) -> str:
    """One post in the project's format (see content/posts/ and the README's field table)."""
    fields = [("Title", post.title), ("Date", f"{post.date:%Y-%m-%d %H:%M}"), ("Category", post.category),
              ("Tags", ", ".join(post.tags)), ("Summary", post.summary)]
    if with_images and post.photo is not None:
        fields += [("Image", f"images/{photo_name(post.photo)}"), ("Image_alt", post.photo_alt),
                   ("Consent", "yes")]
    fields += [("People", post.people), ("Place", post.place), ("Hook", post.hook)]
    if post.author:
        fields += [("Author", post.author), ("Guest", "yes")]
    header = "".join(f"{key}: {value}\n" for key, value in fields if value)
    return header + "\n" + body(post, posts, with_images, "{{filename}}/{post.path}")


PAGES = {
    "om": ("Om bloggen", "Här skriver kommundirektören om [kommentarer]({filename}/pages/kommentarer.md)."),
    "tillganglighet": ("Tillgänglighetsredogörelse", "Webbplatsen ska uppfylla WCAG 2.1 AA."),
    "kommentarer": ("Kommentarer och moderering", "Så hanterar vi kommentarer och frågor."),
    "integritet": ("Integritet och personuppgifter", "Webbplatsen sätter inga kakor."),
}


def write_content(content: Path, posts: list[Post], with_images: bool, photos: list[Path] = ()) -> None:
    """content/posts/, content/pages/ and (photo variant) content/images/, as an author would have it."""
    for post in posts:
        write(content / post.path, markdown(post, posts, with_images))
    for slug, (title, text) in PAGES.items():
        write(content / "pages" / f"{slug}.md", f"Title: {title}\nSlug: {slug}\n\n{text}\n")
    if with_images:
        (content / "images").mkdir(parents=True, exist_ok=True)
        for photo in photos:
            link_or_copy(photo, content / "images" / photo.name)


def hugo_page(post: Post, posts: list[Post]) -> str:
    """The same post with TOML front matter; links become the URLs Hugo gives the posts."""
    front = {"title": post.title, "slug": post.slug, "summary": post.summary,
             "categories": [post.category], "tags": list(post.tags),
             "authors": [post.author or "Kim Provare"]}
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    lines.insert(1, f"date = {post.date.isoformat()}")  # a TOML datetime, with the offset
    return "+++\n" + "\n".join(lines) + "\n+++\n\n" + body(post, posts, False, "{post.url}")


def write_hugo(root: Path, posts: list[Post]) -> None:
    """A Hugo site: our minimal config and templates, and every post without photos."""
    shutil.copytree(HUGO_TEMPLATES, root, dirs_exist_ok=True)
    for post in posts:
        write(root / "content" / post.path, hugo_page(post, posts))
    for slug, (title, text) in PAGES.items():
        plain = re.sub(r"\(\{filename\}/pages/(\w+)\.md\)", r"(/\1/)", text)
        write(root / "content" / f"{slug}.md", f'+++\ntitle = "{title}"\nurl = "/{slug}/"\n+++\n\n{plain}\n')


def photo_name(index: int) -> str:
    return f"foto-{index:04d}.jpg"


def photo_bytes(index: int, seed: int = SEED, size: tuple[int, int] = PHOTO_SIZE, grain: Image.Image | None = None) -> bytes:
    """A cheap but photo-like JPEG: smooth colour fields, a few shapes and film grain."""
    rng = random.Random(f"photo-{seed}-{index}")
    image = Image.frombytes("RGB", (24, 16), rng.randbytes(24 * 16 * 3)).resize(size, Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    w, h = size
    for _ in range(6):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.ellipse((x, y, x + rng.randrange(w // 30, w // 5), y + rng.randrange(h // 20, h // 3)),
                     fill=tuple(rng.randbytes(3)))
    grain = grain or make_grain(seed, size)
    image = Image.blend(image, grain, 0.1)  # grain makes JPEG work as hard as on a real photo
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def make_grain(seed: int, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(f"grain-{seed}")
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")


def write_photos(folder: Path, count: int, seed: int = SEED, size: tuple[int, int] = PHOTO_SIZE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    grain = make_grain(seed, size)
    paths = []
    for index in range(count):
        path = folder / photo_name(index)
        path.write_bytes(photo_bytes(index, seed, size, grain))
        paths.append(path)
    return paths


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def link_or_copy(source: Path, target: Path) -> None:
    """Hard links save copying 200 photos per site; a copy where links are not possible."""
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--posts", type=int, default=1000)
    p.add_argument("--photos", type=int, default=200)
    p.add_argument("--archive", type=int, default=2000)
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    from .social import write_social

    posts = plan_posts(args.posts, args.photos, args.seed)
    photos = write_photos(args.folder / "photos", args.photos, args.seed)
    write_content(args.folder / "plain" / "content", posts, with_images=False)
    write_content(args.folder / "photo" / "content", posts, with_images=True, photos=photos)
    write_hugo(args.folder / "hugo", posts)
    write_social(args.folder / "social", args.archive, args.seed)
    print(f"Wrote {args.posts} posts, {args.photos} photos and {args.archive} archived posts to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
