"""Which files from content/ are copied to the site as they are: only those a written page links to.

Pelican copies every file that any post links to with {static} or {attach}, drafts and planned
posts included, and every file under STATIC_PATHS. That would publish the photo or document of
an embargoed draft, and every photo's original with its EXIF (GPS position, camera and serial
number). So, once all content is read:

- a photo (JPEG, PNG, WebP) is never copied: plugins/responsive_images publishes its processed
  copies, without metadata, and points links to the original at the largest copy;
- any other file is copied only when a page that this build writes links to it, or when it lies
  under STATIC_PATHS (empty by default; a site may add a folder such as "extra");
- a symbolic link is never followed, wherever it leads, and nothing outside the content folder is copied;
- nor is an image in a format that is not made into copies (GIF, HEIC, TIFF …), nor a video
  that tells where or with what it was filmed (social_archive/video_metadata.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import StaticGenerator
from photo_files import OTHER_IMAGE_SUFFIXES, PhotoError, PhotoMissing, inside, is_photo_name
from social_archive.video_metadata import refusal as video_refusal
from user_paths import project_path
from written_content import written_items

log = logging.getLogger(__name__)
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v")


ARTICLE_LINKS = "public_files_article_links"  # in the context, from the articles to the pages step


def links_of_written_articles(articles) -> None:
    """Pelican reads every file that any post links to, drafts' too, and warns about one that is
    missing: a draft's missing photo would stop a publishing build. So only the items this build
    writes ask for files. Articles are read first (only they have linked anything yet), pages next."""
    links = set().union(*map(_static_links, written_items([articles])))
    articles.context["static_links"] = articles.context[ARTICLE_LINKS] = links


def links_of_written_pages(pages) -> None:
    pages.context["static_links"] = pages.context.pop(ARTICLE_LINKS, set()).union(
        *map(_static_links, written_items([pages])))


def _static_links(item) -> set[str]:
    # Pelican's search of the body, only for bodies that can hold a {static} or {attach} link: most
    # posts have none, and the live preview asks for every post on every save.
    return item.get_static_links() if "static" in item._content or "attach" in item._content else set()


def keep_public_statics(generators) -> None:
    statics = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    if statics is None:
        return
    settings = statics.settings
    content_dir = Path(settings["PATH"])
    linked = statics.context["static_links"]  # only what the written posts and pages link to, see above
    kept = []
    for static in statics.staticfiles:
        rel = static.get_relative_source_path()
        if is_photo_name(rel) or not (rel in linked or _under(rel, settings["STATIC_PATHS"])):
            continue
        try:
            problem = _problem(content_dir, rel)
        except PhotoMissing:
            continue  # content_checks names the page that links to it
        if problem:
            log.warning("%s: %s. Filen publiceras inte.", project_path(content_dir / rel, settings), problem)
            continue
        kept.append(static)
    # The generator copies what context["staticfiles"] lists; it is the same list, changed in place.
    statics.staticfiles[:] = kept
    statics.context["staticfiles"] = statics.staticfiles


def _problem(content_dir: Path, rel: str) -> str | None:
    """Why a linked file may not be published as it is (Swedish), or None."""
    try:
        inside(content_dir, rel)
    except PhotoMissing:
        raise  # not this file's problem: content_checks names the page that links to it
    except PhotoError as problem:
        return str(problem)
    suffix = Path(rel).suffix.lower()
    if suffix in OTHER_IMAGE_SUFFIXES:
        return (f"är en bild i ett format ({suffix}) som inte görs om till kopior utan uppgifter om plats "
                "och kamera; spara den som JPEG, PNG eller WebP")
    if suffix in VIDEO_SUFFIXES:
        return video_refusal(content_dir, rel)
    return None


def _under(rel: str, static_paths) -> bool:
    return any(rel == path.strip("/") or rel.startswith(path.strip("/") + "/") for path in static_paths)


def register() -> None:
    signals.article_generator_finalized.connect(links_of_written_articles)
    signals.page_generator_finalized.connect(links_of_written_pages)
    signals.all_generators_finalized.connect(keep_public_statics)
