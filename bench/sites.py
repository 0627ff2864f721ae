"""Lay out the benchmark's work folder: generated input, and one project folder per build line.

    WORK/project/           a copy of our settings, plugins and theme taken at the start, so that
                            edits made to the project during a long run do not mix code versions
    WORK/photos/            K generated photos (3000×2000 JPEG)
    WORK/social/            the archive in store format, and the LinkedIn + Instagram exports
    WORK/sites/bare/        bare Pelican, N posts        WORK/sites/bare10/   … 10N posts
    WORK/sites/hugo/        Hugo, N posts                WORK/sites/hugo10/   … 10N posts
    WORK/sites/cold/        ours, caches deleted before every build, no share images (image work)
    WORK/sites/cards/       the same with the share images, as CI builds it
    WORK/sites/warm/        ours, content cache on: one post edited, then nothing changed
    WORK/sites/cold10/      ours at 10N posts, cold
    WORK/sites/photo/       ours with the photos referenced (Image: and inline)
    WORK/sites/archive/     ours, N posts without photos plus the M archived posts (content/archive/)
    WORK/sites/tenyear/     ours as CI publishes a leader's ten-year site: the photo variant, the M
                            archived posts, share images and search, in a git repository (as CI's checkout)
    WORK/sites/preview/     ours with the preview settings (pelicanconf.py), for the latency figure
    WORK/sites/preview-tenyear/  the same with the photos and the archive (the ten-year site)

Separate folders keep each line's caches to itself: our plugins keep theirs beside the content.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .settings import PROJECT
from .generate import Post, plan_posts, write_content, write_hugo, write_photos
from .social import write_social


@dataclass(frozen=True)
class Sites:
    work: Path
    posts: list[Post]
    photos: list[Path]
    social: dict[str, Path]
    big: int  # 10N
    project: Path  # the snapshot every build of ours uses
    code: dict  # which commit it was taken from, and files that differed from it

    def site(self, name: str) -> Path:
        return self.work / "sites" / name


def prepare(work: Path, posts: int, photos: int, archive: int, seed: int, say=print) -> Sites:
    planned = plan_posts(posts, photos, seed)
    big = plan_posts(posts * 10, photos, seed)
    say(f"generating {photos} photos, {posts} + {posts * 10} posts and {archive} archived posts in {work}")
    photo_files = write_photos(work / "photos", photos, seed)
    social = write_social(work / "social", archive, seed)
    project, code = snapshot(work / "project")
    sites = Sites(work, planned, photo_files, social, len(big), project, code)
    for name, plan in (("bare", planned), ("bare10", big)):
        write_content(sites.site(name) / "content", plan, with_images=False)
        settings.bare(sites.site(name))
    for name, plan in (("hugo", planned), ("hugo10", big)):
        write_hugo(sites.site(name), plan)
    # The text-only lines draw no share images: those are image work, measured by (k) and (p).
    for name, plan, cache in (("cold", planned, False), ("warm", planned, True), ("cold10", big, False)):
        write_content(sites.site(name) / "content", plan, with_images=False)
        settings.ours(sites.site(name), project=project, cache=cache, cards=False)
    write_content(sites.site("cards") / "content", planned, with_images=False)
    settings.ours(sites.site("cards"), project=project)
    write_content(sites.site("photo") / "content", planned, with_images=True, photos=photo_files)
    settings.ours(sites.site("photo"), project=project)
    write_content(sites.site("archive") / "content", planned, with_images=False)
    # Hard links: the archive's photos are read, never written, by the build.
    shutil.copytree(social["archive"], sites.site("archive") / "content" / "archive", copy_function=os.link)
    settings.ours(sites.site("archive"), project=project, cards=False)
    write_content(sites.site("tenyear") / "content", planned, with_images=True, photos=photo_files)
    shutil.copytree(social["archive"], sites.site("tenyear") / "content" / "archive", copy_function=os.link)
    settings.ours(sites.site("tenyear"), project=project, cache=None, search=True)
    commit_all(sites.site("tenyear") / "content")
    write_content(sites.site("preview") / "content", planned, with_images=False)
    settings.ours(sites.site("preview"), project=project, preview=True, search=True, cache=True)
    write_content(sites.site("preview-tenyear") / "content", planned, with_images=True, photos=photo_files)
    shutil.copytree(social["archive"], sites.site("preview-tenyear") / "content" / "archive", copy_function=os.link)
    settings.ours(sites.site("preview-tenyear"), project=project, preview=True, search=True, cache=True)
    return sites


SNAPSHOT = ("plugins", "theme", "pelicanconf.py", "publishconf.py")


def commit_all(folder: Path) -> None:
    """The folder as a git repository with everything committed, like the checkout CI builds."""
    git = ["git", "-C", str(folder), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run([*git, *args], check=True, capture_output=True)


def as_fresh_checkout(folder: Path) -> None:
    """Every file gets a new modification time, as in a new clone, and git's index is written anew
    (a checkout writes it after the files), so nothing can tell an unchanged file by its time."""
    now = time.time()
    for path in folder.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(folder).parts:
            os.utime(path, (now, now))
    subprocess.run(["git", "-C", str(folder), "update-index", "-q", "--really-refresh"], check=False,
                   capture_output=True)


def snapshot(target: Path) -> tuple[Path, dict]:
    """Copy what our build runs (settings, plugins, theme) and say which commit it matches."""
    for name in SNAPSHOT:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    git = ["git", "-C", str(PROJECT)]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    changed = subprocess.run([*git, "status", "--porcelain", "--", *SNAPSHOT], capture_output=True, text=True,
                             check=False).stdout.splitlines()
    return target, {"commit": commit or None, "uncommitted": changed, "snapshot": str(target)}
