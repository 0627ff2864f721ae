"""The archive's addresses: ARCHIVE_*_URL and ARCHIVE_*_SAVE_AS in the settings, in the style of
Pelican's ARTICLE_URL and ARTICLE_SAVE_AS, read and checked here once a build.

Every page, link, file and the open data take their addresses from here; the sitemap, search and
the feed's links follow from the pages written. A *_URL is what links write after SITEURL/; its
*_SAVE_AS is the file written, relative to the output folder. On a static host the two must lead
to the same file: SAVE_AS is the URL itself, or the URL + index.html when the URL ends in / (a
folder). A site that sets only the URL gets the SAVE_AS that follows from it.

The defaults are the addresses the archive has always had: changing one moves published pages.
The archive feed's entry ids do not come from here (site.py): they must never change.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime
from string import Formatter

INDEX = "index.html"


@dataclass(frozen=True)
class Scheme:
    url: str  # the default, the archive's address since its first version
    required: tuple[str, ...] = ()  # placeholders without which two pages would get one address
    optional: tuple[str, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        return self.required + self.optional


# Every address of the archive, by the prefix of its two settings. {month} is two digits ("03");
# {base_name} is a list's first page without its index.html ("arkiv/linkedin"), as in Pelican's
# PAGINATION_PATTERNS; {path} is a video's file in the archive folder ("media/ab/ab12….mp4").
SCHEMES = {
    "ARCHIVE": Scheme("arkiv/"),
    "ARCHIVE_POST": Scheme("arkiv/inlagg/{slug}/", ("slug",), ("platform", "year", "month")),
    "ARCHIVE_PLATFORM": Scheme("arkiv/{platform}/", ("platform",)),
    "ARCHIVE_PLATFORM_GRID": Scheme("arkiv/{platform}/bilder/", ("platform",)),
    "ARCHIVE_YEAR": Scheme("arkiv/{year}/", ("year",)),
    "ARCHIVE_MONTH": Scheme("arkiv/{year}/{month}/", ("year", "month")),
    "ARCHIVE_PAGINATION": Scheme("{base_name}/sida/{number}/", ("base_name", "number")),
    "ARCHIVE_STATISTICS": Scheme("arkiv/statistik/"),
    "ARCHIVE_OPEN_DATA": Scheme("arkiv/oppna-data/"),
    "ARCHIVE_JSON": Scheme("arkiv/posts.json"),
    "ARCHIVE_CSV": Scheme("arkiv/posts.csv"),
    "ARCHIVE_MEDIA": Scheme("arkiv/{path}", ("path",)),
}
# Values to try each setting with: distinct, so that two settings that disagree give two files.
EXAMPLE = {"slug": "linkedin-7150000000000000000", "platform": "linkedin", "year": "2025", "month": "03",
           "base_name": "arkiv/linkedin", "number": "2", "path": "media/ab/ab12.mp4"}


@dataclass(frozen=True)
class Address:
    url: str  # after SITEURL/ in links
    save_as: str  # the file, relative to the output folder


def save_as_for(url: str) -> str:
    """The file a URL leads to on a static host."""
    return url + INDEX if url == "" or url.endswith("/") else url


class ArchiveUrls:
    """The archive's addresses in one build, from (URL, SAVE_AS) patterns by scheme name."""

    def __init__(self, patterns: dict[str, tuple[str, str]]):
        self.patterns = patterns

    def _address(self, name: str, **values: str) -> Address:
        url, save_as = self.patterns[name]
        # Pelican drops a leading / from a formatted address (an empty {base_name} gives one).
        return Address(url.format(**values).removeprefix("/"), save_as.format(**values).removeprefix("/"))

    def home(self) -> Address:
        return self._address("ARCHIVE")

    def post(self, slug: str, platform: str, published: datetime) -> Address:
        return self._address("ARCHIVE_POST", slug=slug, platform=platform, year=f"{published.year}",
                             month=f"{published.month:02d}")

    def platform(self, platform: str) -> Address:
        return self._address("ARCHIVE_PLATFORM", platform=platform)

    def grid(self, platform: str) -> Address:
        return self._address("ARCHIVE_PLATFORM_GRID", platform=platform)

    def year(self, year: int) -> Address:
        return self._address("ARCHIVE_YEAR", year=f"{year}")

    def month(self, year: int, month: int) -> Address:
        return self._address("ARCHIVE_MONTH", year=f"{year}", month=f"{month:02d}")

    def page(self, first: Address, number: int) -> Address:
        """Page `number` (2, 3 …) of the list whose first page is `first`."""
        base = first.save_as
        base_name = posixpath.dirname(base) if posixpath.basename(base) == INDEX else posixpath.splitext(base)[0]
        return self._address("ARCHIVE_PAGINATION", base_name=base_name, number=f"{number}")

    def statistics(self) -> Address:
        return self._address("ARCHIVE_STATISTICS")

    def open_data(self) -> Address:
        return self._address("ARCHIVE_OPEN_DATA")

    def json(self) -> Address:
        return self._address("ARCHIVE_JSON")

    def csv(self) -> Address:
        return self._address("ARCHIVE_CSV")

    def media(self, path: str) -> Address:
        return self._address("ARCHIVE_MEDIA", path=path)


def read_urls(settings: dict) -> tuple[ArchiveUrls, list[str]]:
    """The archive's addresses and every problem with their settings (Swedish, one line each).
    A setting with a problem keeps its default, so a preview still shows the archive."""
    patterns, problems = {}, []
    for name, scheme in SCHEMES.items():
        url = settings.get(f"{name}_URL", scheme.url)
        save_as = settings.get(f"{name}_SAVE_AS", save_as_for(url) if isinstance(url, str) else "")
        problem = _problem(name, scheme, url, save_as)
        if problem:
            problems.append(f"Inställningar: {problem}; arkivet använder standardadressen \"{scheme.url}\" så länge")
            url, save_as = scheme.url, save_as_for(scheme.url)
        patterns[name] = (url, save_as)
    return ArchiveUrls(patterns), problems


def _problem(name: str, scheme: Scheme, url, save_as) -> str | None:
    for setting, value in ((f"{name}_URL", url), (f"{name}_SAVE_AS", save_as)):
        problem = _pattern_problem(setting, scheme, value)
        if problem:
            return problem
    if save_as.format(**EXAMPLE) != save_as_for(url.format(**EXAMPLE)):
        return (f"{name}_SAVE_AS (\"{save_as}\") och {name}_URL (\"{url}\") i pelicanconf.py leder till olika filer; "
                f"skriv {name}_SAVE_AS = \"{save_as_for(url)}\", eller ta bort {name}_SAVE_AS så följer den {name}_URL")
    return None


def _pattern_problem(setting: str, scheme: Scheme, value) -> str | None:
    example = f"till exempel \"{scheme.url if setting.endswith('_URL') else save_as_for(scheme.url)}\""
    if not isinstance(value, str):
        return f"{setting} i pelicanconf.py ska vara en text, {example}"
    allowed = ", ".join(f"{{{p}}}" for p in scheme.placeholders) or "inga"
    try:
        fields = [(f, spec, conversion) for _, f, spec, conversion in Formatter().parse(value) if f is not None]
    except ValueError:
        return f"{setting} i pelicanconf.py har en {{ eller }} som inte hör till en platshållare; platshållare här: {allowed}"
    for field, spec, conversion in fields:
        if field not in scheme.placeholders or spec or conversion:
            written = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return f"{setting} i pelicanconf.py har den okända platshållaren {written}; platshållare här: {allowed}"
    missing = [p for p in scheme.required if p not in {f for f, _, _ in fields}]
    if missing:
        return (f"{setting} i pelicanconf.py saknar {', '.join(f'{{{p}}}' for p in missing)}; utan den får flera "
                f"sidor samma adress, {example}")
    formatted = value.format(**EXAMPLE)
    if formatted.startswith("/") or "://" in formatted or "\\" in formatted or ".." in formatted.split("/"):
        return f"{setting} i pelicanconf.py ska vara en adress inom webbplatsen, utan / först, {example}"
    return None
