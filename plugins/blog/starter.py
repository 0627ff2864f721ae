"""`invoke init`: turn the demo into the owner's own, empty blog, in one step.

It writes the owner's block in pelicanconf.py (between the "DIN BLOGG" lines), removes the
demo's posts, notes, archive and photos and its builds, and writes the four pages every footer
links to as drafts with TODO markers. A footer page that is still a draft, or a published page
with a TODO left in it, stops publishing (content_checks), so a new blog never goes out with an
accessibility statement that claims tests its owner did not do.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

STARTER_PAGES = Path(__file__).with_name("starter")
# What the demo ships that a new blog does not keep: its content, and builds made from it.
DEMO_FOLDERS = ("content/posts", "content/notes", "content/archive", "content/images", "content/pages",
                "output", "public", "share-kit")
DEMO_OWNER = "Eva Lindgren"
BLOCK_START = "# DIN BLOGG"
BLOCK_END = "slut på blocket"
RULE = "# " + "═" * 89


class StarterError(Exception):
    """init cannot go on; the message says why, in Swedish, and what to do."""


@dataclass(frozen=True)
class Owner:
    name: str
    role: str
    organisation: str
    public_url: str
    feed_id_authority: str = ""  # the public address's host name when empty
    bio: str = ""

    def checked(self) -> Owner:
        for field, label in (("name", "--name (ditt namn)"), ("role", "--role (din roll)"),
                             ("organisation", "--organisation")):
            if not getattr(self, field).strip():
                raise StarterError(f"{label} saknas")
        parts = urlsplit(self.public_url.strip())
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise StarterError(f"--url {self.public_url!r} är ingen webbadress; skriv till exempel "
                               "https://anna.github.io/blogg")
        authority = (self.feed_id_authority or parts.hostname).strip().lower()
        if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", authority):
            raise StarterError(f"--feed-id {authority!r} är inget domännamn; skriv till exempel anna.github.io")
        return Owner(self.name.strip(), self.role.strip(), self.organisation.strip(),
                     self.public_url.strip().rstrip("/"), authority, " ".join(self.bio.split()))


def owner_block(owner: Owner) -> str:
    """The settings block as a new owner's pelicanconf.py has it (Python source)."""
    return f'''{RULE}
{BLOCK_START}: det här blocket gör bloggen till din. `invoke init` fyller i det åt dig.
# (The one block a new owner edits: every page, string and the default share image use it.)
{RULE}
OWNER = {_python(owner.name)}  # ditt namn, så som det ska stå överst på varje sida
ROLE = {_python(owner.role)}  # din roll
ORGANISATION = {_python(owner.organisation)}  # organisationen du leder
BIO = {_python(owner.bio)}  # några meningar om dig (skribentsidan)
PORTRAIT = ""  # ditt porträtt i content/images/, till exempel "images/portratt.jpg"
PORTRAIT_ALT = ""  # vad porträttet visar
# Bloggens publika adress. GitHub Pages sätter den själv vid publicering (se README).
PUBLIC_URL = {_python(owner.public_url)}
# Flödenas id bildas av den här domänen. Sätt den en gång och ändra den sedan aldrig, inte ens
# om bloggen flyttar: då ser prenumeranterna alla inlägg som nya.
FEED_ID_AUTHORITY = {_python(owner.feed_id_authority)}
# En allmän e-postadress, till exempel registratorns. RSS-flödet anger då skribenten som
# "adress (Namn)", som RSS vill; med "" står bara namnet där.
CONTACT_EMAIL = ""
# Organisationens färg enligt den grafiska profilen, till exempel "#00843d", eller "" för
# bloggens blå. Den blir länkfärg och delningsbildernas färg, justerad så att texten går att läsa.
BRAND_COLOUR = ""
# Dina profiler, som länkar i rutan "Följ" under varje inlägg, till exempel
# {{"linkedin": "https://www.linkedin.com/in/…", "mastodon": "https://…"}}.
PROFILES = {{}}
# Gästskribenter: namn, roll, kort presentation och porträtt (image "" för inget), till exempel
# "Förnamn Efternamn": {{"role": "Socialchef", "bio": "…", "image": "", "image_alt": ""}},
GUEST_AUTHORS = {{}}
# ═════════════════════════ {BLOCK_END} ═════════════════════════
'''


def _python(text: str) -> str:
    """A Python string literal in the settings' own style: double quotes, letters as they are."""
    return json.dumps(text, ensure_ascii=False)


def replace_block(settings_text: str, block: str) -> str:
    lines = settings_text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(BLOCK_START)) - 1
        end = next(i for i, line in enumerate(lines) if BLOCK_END in line and i > start)
    except StopIteration:
        raise StarterError(f"pelicanconf.py: hittar inte blocket som börjar med {BLOCK_START!r} och slutar "
                           f"med {BLOCK_END!r}; hämta det från mallens pelicanconf.py och kör igen") from None
    if start < 0 or not lines[start].startswith("# ═"):
        raise StarterError(f"pelicanconf.py: raden före {BLOCK_START!r} ska vara en linje av ═")
    return "".join(lines[:start]) + block + "".join(lines[end + 1:])


def starter_pages(owner: Owner) -> dict[str, str]:
    """The four footer pages, as drafts with TODO markers, named by file."""
    values = {"owner": owner.name, "role": in_sentence(owner.role), "organisation": owner.organisation,
              "site": f"{owner.name}s blogg" if not owner.name.endswith(("s", "x", "z")) else f"{owner.name} blogg"}
    return {page.name: Template(page.read_text(encoding="utf-8")).substitute(values)
            for page in sorted(STARTER_PAGES.glob("*.md"))}


def in_sentence(role: str) -> str:
    """'Kommundirektör' → 'kommundirektör' inside a sentence; an abbreviation ('VD') stays."""
    return role if role[1:2].isupper() else role[:1].lower() + role[1:]


def current_owner(settings_text: str) -> str | None:
    """OWNER as the settings file sets it (read, never run)."""
    for statement in ast.parse(settings_text).body:
        if (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
                and any(isinstance(t, ast.Name) and t.id == "OWNER" for t in statement.targets)):
            return statement.value.value
    return None


def demo_files(project: Path) -> list[Path]:
    """The posts, notes and archived posts init would remove."""
    return [p for folder in ("posts", "notes", "archive") for p in sorted((project / "content" / folder).rglob("*"))
            if p.is_file() and p.suffix in (".md", ".json")]


def make_it_yours(project: Path, owner: Owner, force: bool = False) -> list[str]:
    """Do it; return what was done, one Swedish line each. Refuses (StarterError) on a blog that
    is already someone's own unless force is given, since it removes every post."""
    owner = owner.checked()
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    previous = current_owner(text)
    if previous != DEMO_OWNER and not force:
        raise StarterError(f"bloggen är redan {previous}s (OWNER i pelicanconf.py), och invoke init tar bort "
                           "alla inlägg. Kör med --force om du verkligen vill börja om.")
    new_text = replace_block(text, owner_block(owner))
    if current_owner(new_text) != owner.name:  # never leave settings Pelican cannot read
        raise StarterError("pelicanconf.py: det nya blocket gick inte att läsa; ingenting ändrades")
    removed = len(demo_files(project))
    for folder in DEMO_FOLDERS:
        shutil.rmtree(project / folder, ignore_errors=True)
    pages = project / "content" / "pages"
    pages.mkdir(parents=True)
    for name, page in starter_pages(owner).items():
        (pages / name).write_text(page, encoding="utf-8")
    for folder in ("posts", "notes", "images"):
        (project / "content" / folder).mkdir(parents=True, exist_ok=True)
    settings.write_text(new_text, encoding="utf-8")
    return [
        f"pelicanconf.py: bloggen är nu {owner.name}s ({owner.role}, {owner.organisation}), på {owner.public_url}.",
        f"Tog bort demons {removed} inlägg, anteckningar och arkiverade inlägg, dess bilder och byggen.",
        "Skrev content/pages/om.md, tillganglighet.md, kommentarer.md och integritet.md som utkast med TODO.",
    ]
