"""Settings for the local preview. publishconf.py imports these and changes what publishing needs."""

import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

# Our plugins share one small helper module (plugin_settings) that lives beside them.
PLUGINS_DIR = str(Path(__file__).resolve().parent / "plugins")
if PLUGINS_DIR not in sys.path:
    sys.path.insert(0, PLUGINS_DIR)

# ═════════════════════════════════════════════════════════════════════════════════════════
# DIN BLOGG: det här blocket gör bloggen till din. `invoke init` fyller i det åt dig.
# (The one block a new owner edits: every page, string and the default share image use it.)
# ═════════════════════════════════════════════════════════════════════════════════════════
OWNER = "Eva Lindgren"  # ditt namn, så som det ska stå överst på varje sida
ROLE = "Kommundirektör"  # din roll
ORGANISATION = "Ekbacka kommun"  # organisationen du leder
BIO = ("Eva Lindgren är kommundirektör i Ekbacka kommun sedan 2023. Hon besöker kommunens "
       "verksamheter varje vecka och skriver om det hon ser och lär sig.")  # några meningar om dig
PORTRAIT = "images/eva-lindgren.jpg"  # ditt porträtt i content/images/, eller "" för inget
PORTRAIT_ALT = ("Illustration: porträtt av en leende kvinna med kort ljust hår och mörkblå tröja, "
                "mot ljusgrön bakgrund.")  # vad porträttet visar
# Bloggens publika adress. GitHub Pages sätter den själv vid publicering (se README).
PUBLIC_URL = "https://ekbacka-demo.github.io/ledarblogg"
# Flödenas id bildas av den här domänen. Sätt den en gång och ändra den sedan aldrig, inte ens
# om bloggen flyttar: då ser prenumeranterna alla inlägg som nya.
FEED_ID_AUTHORITY = "ekbacka-demo.github.io"
# En allmän e-postadress, till exempel registratorns. RSS-flödet anger då skribenten som
# "adress (Namn)", som RSS vill; med "" står bara namnet där.
CONTACT_EMAIL = "kommunen@ekbacka.example"
# Organisationens färg enligt den grafiska profilen, till exempel "#00843d", eller "" för
# bloggens blå. Den blir länkfärg och delningsbildernas färg, justerad så att texten går att läsa.
BRAND_COLOUR = ""
# Dina profiler, som länkar i rutan "Följ" under varje inlägg, till exempel
# {"linkedin": "https://www.linkedin.com/in/…", "mastodon": "https://…"}.
PROFILES = {
    "linkedin": "https://www.linkedin.com/in/ekbacka-demo",
    "instagram": "https://www.instagram.com/ekbacka_demo",
}
# Gästskribenter: namn, roll, kort presentation och porträtt (image "" för inget).
GUEST_AUTHORS = {
    "Samir Haddad": {
        "role": "Socialchef, Ekbacka kommun",
        "bio": "Samir Haddad är socialchef i Ekbacka kommun och gästskribent i bloggen. "
        "Han har arbetat med socialt arbete i tjugo år, de senaste fem som chef.",
        "image": "images/samir-haddad.jpg",
        "image_alt": "Illustration: porträtt av en leende man med kort svart hår, skägg och grå "
        "tröja, mot ljusblå bakgrund.",
    },
}
# ═════════════════════════ slut på blocket ═════════════════════════

SITENAME = AUTHOR = OWNER
SITESUBTITLE = f"{ROLE}, {ORGANISATION}"
SITEURL = "http://localhost:8000"

PATH = "content"
OUTPUT_PATH = "output"  # the preview; publishconf.py writes public/ instead
ARTICLE_PATHS = ["posts", "notes"]
PAGE_PATHS = ["pages"]
# Nothing from content/ is copied as it is: photos are published as processed copies without
# metadata (responsive_images), other files only when a published page links to them (public_files).
STATIC_PATHS = []
ARTICLE_EXCLUDES = ["archive"]
# posts/ and notes/ share one URL scheme; the folder tells the theme which template to use.
PATH_METADATA = r"(?P<kind>post|note)s/.*"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Blogg"
# Kategorierna ett inlägg får ha i Category (utan Category hamnar det i DEFAULT_CATEGORY). En okänd
# kategori stoppar publiceringen, så att ett stavfel inte blir en ny kategori. Lägg till nya här.
# The categories a post may name; an unknown one stops publishing instead of making a new category.
CATEGORIES = ["Besök", "Ledarskap", "Verksamhet", "Anteckningar"]

THEME = "theme"
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": 10, "tag": 20, "category": 20, "author": 20}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/sida/{number}/", "{base_name}/sida/{number}/index.html"),
)

# Future posts count as drafts. The preview shows drafts under /utkast/ so they can be read
# before they are done; publishconf.py writes none of them.
WITH_FUTURE_DATES = False
DRAFT_URL = "utkast/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_LANG_URL = "utkast/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = DRAFT_LANG_URL + "index.html"
DRAFT_PAGE_URL = "utkast/sidor/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
DRAFT_PAGE_LANG_URL = "utkast/sidor/{lang}/{slug}/"
DRAFT_PAGE_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL + "index.html"

ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = "{lang}/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = PAGE_LANG_URL + "index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "kategori/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "amne/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "amne/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "forfattare/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "forfattare/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "inlagg/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]
TEMPLATE_PAGES = {
    "search.html": "sok/index.html",
    "404.html": "404.html",
    "robots.txt": "robots.txt",
    "feeds.html": "flode/index.html",
}
# Titles are plain text: autoescape so that "<" or "&" in a title is shown, not parsed.
# auto_reload off: Pelican makes a new environment for every build (the live preview too), so
# checking each template's file time on every use only costs stat calls, thousands per build.
# The bytecode cache keeps compiled templates between builds (keyed by each template's source).
JINJA_CACHE = Path(__file__).resolve().parent / ".cache" / "jinja"
JINJA_CACHE.mkdir(parents=True, exist_ok=True)
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True,
                     "auto_reload": False, "bytecode_cache": FileSystemBytecodeCache(str(JINJA_CACHE))}

# Everyone who may sign a post: the owner and the guest authors. An Author not listed here is
# reported as an error.
AUTHORS = {OWNER: {"role": SITESUBTITLE, "bio": BIO, "image": PORTRAIT, "image_alt": PORTRAIT_ALT},
           **GUEST_AUTHORS}

FOOTER_PAGES = ["om", "tillganglighet", "kommentarer", "integritet"]

# Pelican's own feeds are off: plugins/feeds/ writes every feed (see FEEDS).
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
FEEDS = {
    "all": ("atom", "rss", "json"),
    "category": ("atom",),
    "author": ("atom",),
    "limit": 50,
    # Entry ids are tag:AUTHORITY,DATE:TIME and must never change once published.
    "id_authority": FEED_ID_AUTHORITY,
    "contact_email": CONTACT_EMAIL,
}

PLUGIN_PATHS = [PLUGINS_DIR]
# The order matters where two plugins handle one step: plugins/contracts.py says which must come
# before which and why; a list that breaks it stops the build, naming the fix.
PLUGINS = [
    "parallel_build",  # first: it renders the pages before the other plugins' finalized handlers read them
    "blog",
    "content_checks",
    "responsive_images",
    "public_files",
    "search",
    "feeds",
    "share_kit",
    "social_archive",
    "sitemap",
    "build_report",
]
# The archive of the social-media posts (content/archive/, written by invoke import; platforms in
# plugins/social_archive/platforms.py).
# private_repository: True only if nobody outside the organisation can read the repository (README:
# Arkivet och git); then posts shown only to connections and hidden posts may be kept as files.
SOCIAL_ARCHIVE = {"per_page": 25, "publish_connections": False, "private_repository": False}
# The archive's addresses, like ARTICLE_URL/ARTICLE_SAVE_AS; unset, each keeps the address it has
# always had (plugins/social_archive/urls.py lists them). ARCHIVE_URL (arkiv/), ARCHIVE_POST_URL
# (arkiv/inlagg/{slug}/; may also use {platform}, {year}, {month}), ARCHIVE_PLATFORM_URL and
# ARCHIVE_PLATFORM_GRID_URL ({platform}), ARCHIVE_YEAR_URL ({year}), ARCHIVE_MONTH_URL ({year},
# {month}: "03"), ARCHIVE_PAGINATION_URL ({base_name}/sida/{number}/), ARCHIVE_STATISTICS_URL,
# ARCHIVE_OPEN_DATA_URL, ARCHIVE_JSON_URL, ARCHIVE_CSV_URL, ARCHIVE_MEDIA_URL (arkiv/{path}).
# Each *_SAVE_AS follows its URL (URL + index.html for a folder); set it only to say so twice: the
# build stops on one that leads elsewhere, or on an unknown placeholder. Changing an address moves
# published pages (links to the old one break); the archive feed's entry ids never change.
# For example: ARCHIVE_POST_URL = "sociala-medier/{platform}/{slug}/"
# Texts and images for sharing each post, and the posting calendar (see README: Dela).
SHARE_KIT = {
    # The networks you post on, in the order the kit shows them: any of those in
    # plugins/share_kit/networks.py (invoke --help share lists them; facebook and threads too).
    "networks": ("linkedin", "instagram", "x", "mastodon", "bluesky"),
    "limits": {"mastodon": 500},  # set your Mastodon server's own limit
    "tracking": {},  # e.g. {"utm_source": "{network}"}; off by default
    "rhythm": 3,  # posts a week per network
    "days": 14,
    "folder": "share-kit",
    # The organisation's graphic profile on the share images (README: Dela), for example
    # "card_colour": "#0b5c8a", "card_logo": "content/images/logo.png", "card_font": "theme/fonts/x.ttf",
}
RESPONSIVE_IMAGES = {"cache": ".cache/images"}
# The preview is one process (a long-lived server with threads; a save re-reads one file);
# publishconf.py reads and renders on every core.
PARALLEL_BUILD = {"processes": 1}
SEARCH = {"enabled": True}
# The preview shows build warnings on every page; publishing fails on them instead.
BUILD_REPORT = {"show_in_pages": True}

# The preview keeps what Pelican read from each Markdown file, so a save re-reads one file.
# Only the reader's output is cached (not the articles our plugins enrich), so it is safe.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = str(Path(__file__).resolve().parent / ".cache" / "pelican")
GZIP_CACHE = False  # written after every preview build; compressing it cost more than it saved
