"""sitemap.xml: every public page the build writes, with each post's language versions.

Written here rather than by pelican-sitemap, because its 1.2.2 writes the language links as
`ref=` instead of `href=` and leaves a page out of its own alternates, so sitemaps.org's XSD
rejects the file and search engines ignore the alternates (the upstream report is in the issue
14 closing note). Writing the file is a few lines; working around the plugin's string
templates would have to be redone on every upgrade.

The list is what Pelican writes (its content_written signal), so a URL is in the sitemap exactly
when its page exists: never a draft, a hidden post or the share kit (written outside the site).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from output_files import replacing
from pelican import signals

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NOT_LISTED = {"404.html"}
ET.register_namespace("", SITEMAP_NS)  # the prefixes ElementTree writes: none and xhtml:
ET.register_namespace("xhtml", XHTML_NS)  # on the site, but no search result should lead there

_written: dict[str, object] = {}  # path written -> the article or page shown there (None: a list)


def start(_pelican) -> None:
    _written.clear()


def remember(path, context) -> None:
    _written[str(path)] = context.get("article") or context.get("page")


def _listed(item) -> bool:
    return item is None or (item.status == "published" and bool(item.save_as))


def url_of(siteurl: str, relative: str) -> str:
    """The address of an output file: folders end in / where their index.html is."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{siteurl}/{quote(relative)}"


def entries(output: Path, siteurl: str, written: dict[str, object]) -> list[tuple[str, object]]:
    """(URL, item) for every listed page under output, sorted by URL, each URL once."""
    resolved = output.resolve()
    inside = str(output.absolute()) + os.sep  # Pelican's writer gives paths under the output as it was named
    found = {}
    for path, item in written.items():
        if not path.endswith(".html") or not _listed(item):
            continue
        if path.startswith(inside) and ".." not in path:
            relative = path[len(inside):].replace(os.sep, "/")
        else:  # resolving every path costs a system call per folder of it: only the unusual ones
            file = Path(path).resolve()
            if not file.is_relative_to(resolved):
                continue
            relative = file.relative_to(resolved).as_posix()
        if relative not in NOT_LISTED:
            found[url_of(siteurl, relative)] = item
    return sorted(found.items(), key=lambda pair: pair[0])


def document(pages: list[tuple[str, object]], siteurl: str) -> ET.ElementTree:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, item in pages:
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url
        changed = item is not None and (getattr(item, "modified", None) or getattr(item, "date", None))
        if changed:  # a list page has no date of its own; a wrong lastmod is worse than none
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = changed.isoformat(timespec="seconds")
        versions = [item, *(t for t in getattr(item, "translations", ()) if _listed(t))] if item else []
        if len(versions) > 1:  # Google: every language version, the page itself included
            for version in sorted(versions, key=lambda v: v.lang):
                ET.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=version.lang,
                              href=f"{siteurl}/{quote(version.url)}")
    ET.indent(root)
    return ET.ElementTree(root)


def write(pelican) -> None:
    output = Path(pelican.output_path)
    siteurl = pelican.settings["SITEURL"]
    with replacing(output / "sitemap.xml") as draft:
        document(entries(output, siteurl, _written), siteurl).write(draft, encoding="utf-8", xml_declaration=True)


def register() -> None:
    signals.get_generators.connect(start)
    signals.content_written.connect(remember)
    signals.finalized.connect(write)
