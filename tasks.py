"""Everyday tasks: `invoke --list` shows them all. Each task is a few lines; the work lives in plugins/.

invoke's own messages are Swedish too (plugins/invoke_swedish.py).
"""

import os
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from invoke_swedish import speak_swedish  # noqa: E402
from share_kit.networks import NAMES, NETWORKS, names_in_words  # noqa: E402
from social_archive.platforms import importable, in_words  # noqa: E402

speak_swedish()  # invoke's own messages (its errors, --list, --help) in Swedish

PREVIEW = "pelicanconf.py"
PUBLISH = "publishconf.py"
OUTPUT = "output"  # the preview: drafts under /utkast/, localhost addresses; never deployed
PUBLIC = "public"  # the public site: only `invoke publish` writes it, and only whole
KIT = "share-kit"  # private: texts and images for sharing, never deployed
HANDOVER = "delningskit"  # the same kit as a folder to hand over (invoke kit); private too
GOLDEN_SITE = "tests/sites/golden"


def pelican(*args: str, quiet: bool = False) -> bool:
    """Run Pelican on content/ with the Python running invoke (no virtual environment to activate).
    The arguments go as a list, never through a shell: a Windows user folder has spaces."""
    done = subprocess.run([sys.executable, "-m", "pelican", "content", *args], cwd=ROOT, check=False,
                          stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.DEVNULL if quiet else None)
    return done.returncode == 0


@task
def build(c):
    """Bygg förhandsvisningen i output/ (utkast syns under /utkast/)."""
    pelican("-s", PREVIEW, "-o", OUTPUT)


@task(help={"port": "porten att visa sidan på (8000)"})
def serve(c, port=8000):
    """Visa webbplatsen på http://localhost:8000 och bygg om och ladda om sidan varje gång du sparar."""
    import logging

    from live_preview.server import PortBusy
    from live_preview.server import serve as serve_preview
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=logging.WARNING)
    settings = read_settings(str(ROOT / PREVIEW), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(ROOT / OUTPUT), "SITEURL": f"http://localhost:{port}"})
    try:
        serve_preview(settings, kit=ROOT / KIT, port=port, rebuild_on=[ROOT / "content", ROOT / "theme"],
                      restart_on=[ROOT / "plugins", ROOT / PREVIEW, ROOT / PUBLISH])
    except PortBusy as error:
        sys.exit(f"invoke serve: {error}")


@task
def publish(c):
    """Bygg den publika webbplatsen i public/ precis som GitHub gör: inga utkast, och minsta varning stoppar bygget."""
    import shutil

    # Built beside public/ and moved in only when the build succeeded, so that public/ is always a
    # whole, publishable site: a failed build leaves the last good one, never half of a new one.
    staging = ROOT / ".cache" / "public-build"
    shutil.rmtree(staging, ignore_errors=True)
    if not pelican("-s", PUBLISH, "-o", str(staging), "--fatal", "warnings"):
        sys.exit(f"invoke publish: bygget stoppades av felen ovan; {PUBLIC}/ är orörd.")
    shutil.rmtree(ROOT / PUBLIC, ignore_errors=True)
    staging.rename(ROOT / PUBLIC)
    print(f"Den publika webbplatsen finns i {PUBLIC}/. Den kan publiceras som den är.")


@task(help={"title": "inläggets rubrik, inom citattecken", "note": "en kort anteckning i "
      "stället för ett inlägg", "lang": "sv (som standard) eller en"})
def new(c, title, note=False, lang="sv"):
    """Skriv ett nytt inlägg (eller en anteckning) med dagens datum och alla fält, klart att fylla i.

    Exempel: invoke new "Besök hos räddningstjänsten"
    """
    from blog.scaffold import ScaffoldError, new_post
    from pelicanconf import CATEGORIES, TIMEZONE

    # invoke's parser gives the first word after the task to a missing positional argument, flags
    # too: `invoke new --help` arrives here as a title.
    if title in ("-h", "--help"):
        subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--help", "new"], check=False)
        return
    try:
        path = new_post(ROOT / "content", title, datetime.now(ZoneInfo(TIMEZONE)), note, lang, tuple(CATEGORIES))
    except ScaffoldError as error:
        sys.exit(f"invoke new: {error}")
    print(f"Skrev {path.relative_to(ROOT)} (Status: draft; ta bort den raden när inlägget är klart)")


@task(help={"name": "ditt namn, som det ska stå på bloggen", "role": "din roll, till exempel Kommundirektör",
            "organisation": "organisationen du leder", "url": "bloggens publika adress, https://…",
            "feed_id": "domänen i flödenas id (annars adressens)", "bio": "några meningar om dig (frivilligt)",
            "yes": "fråga inte innan demons innehåll tas bort", "force": "börja om fast bloggen redan är din"})
def init(c, name="", role="", organisation="", url="", feed_id="", bio="", yes=False, force=False):
    """Gör demon till din egen tomma blogg: dina uppgifter, demons inlägg borta, sidorna som utkast."""
    from blog.starter import Owner, StarterError, demo_files, make_it_yours

    def ask(value: str, question: str) -> str:
        if value:
            return value
        try:
            return input(f"{question}: ").strip()
        except EOFError:
            return ""

    try:
        owner = Owner(ask(name, "Ditt namn, som det ska stå på bloggen"),
                      ask(role, "Din roll, till exempel Kommundirektör"),
                      ask(organisation, "Organisationen du leder"),
                      ask(url, "Bloggens publika adress, till exempel https://anna.github.io/blogg"),
                      feed_id, bio).checked()
        if not yes:
            count = len(demo_files(ROOT))
            answer = ask("", f"Det här tar bort {count} inlägg, anteckningar och arkiverade inlägg och alla bilder "
                             "i content/. Skriv ja för att fortsätta")
            if answer.lower() not in ("ja", "j", "yes", "y"):
                sys.exit("invoke init: avbrutet; ingenting ändrades.")
        done = make_it_yours(ROOT, owner, force)
    except StarterError as error:
        sys.exit(f"invoke init: {error}")
    print("\n".join(done))
    print("Nästa steg: fyll i sidorna (sök efter TODO), ta bort raden Status: draft i dem och skriv ditt första "
          "inlägg med invoke new. invoke serve visar hur det ser ut; se README, ”Gör bloggen till din egen”.")


@task(help={"out": f"mappen som paketet skrivs till ({HANDOVER})"})
def kit(c, out=HANDOVER):
    """Skriv delningspaketet och kalendern som en fristående mapp att lämna till kommunikatörerna."""
    import json
    import tempfile

    from pelicanconf import SHARE_KIT

    folder = (ROOT / out).resolve()
    # A preview build (drafts and planned posts have kits too) whose pages are thrown away; the kit
    # links the public site only, so the folder works from a file share or an intranet server.
    kit_settings = json.dumps({**SHARE_KIT, "folder": str(folder), "preview_links": False})
    with tempfile.TemporaryDirectory() as pages:
        built = pelican("-s", PREVIEW, "-o", pages, "--quiet", "-e", f"SHARE_KIT={kit_settings}")
    if not built or not (folder / "index.html").is_file():
        sys.exit("invoke kit: bygget stoppades av felen ovan; rätta dem och kör igen.")
    print(f"Delningspaketet finns i {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}/. "
          "Öppna index.html, eller lägg mappen där kollegorna når den (se README, ”Dela paketet”).")


@task(help={"slug": "inläggets adress (eller början av den)", "network": names_in_words()})
def share(c, slug, network=None):
    """Skriv ut ett inläggs delningstexter; med --network bara den texten, till exempel | pbcopy eller | wl-copy."""
    from share_kit.cli import KitError, load, share_text

    pelican("-s", PREVIEW, "-o", OUTPUT, "--quiet", quiet=True)
    try:
        print(share_text(load(ROOT / KIT), slug, network))
    except KitError as error:
        sys.exit(f"invoke share: {error}")


@task(help={"slug": "inläggets adress (eller början av den)", "network": names_in_words(),
            "url": "adressen till inlägget på nätverket, https://…"})
def posted(c, slug, network, url):
    """Skriv in var ett inlägg delades (Posted_nätverk), så att blogginlägget länkar till diskussionen direkt."""
    from share_kit.cli import KitError, load, mark_posted

    pelican("-s", PREVIEW, "-o", OUTPUT, "--quiet", quiet=True)
    try:
        path = mark_posted(ROOT / "content", load(ROOT / KIT), slug, network, url)
    except KitError as error:
        sys.exit(f"invoke posted: {error}")
    print(f"Skrev {NETWORKS[network].posted_field} i {path.relative_to(ROOT).as_posix()}; blogginlägget länkar dit "
          "när webbplatsen byggs nästa gång.")


@task(help={"days": "hur många dagar framåt (14)"})
def calendar(c, days=None):
    """Vad som är planerat de kommande dagarna, per nätverk, med varningar för krockar och bruten rytm."""
    from pelicanconf import SHARE_KIT, TIMEZONE
    from share_kit.cli import KitError, calendar_text, load

    pelican("-s", PREVIEW, "-o", OUTPUT, "--quiet", quiet=True)
    today = datetime.now(ZoneInfo(TIMEZONE)).date()
    try:
        kit = load(ROOT / KIT)
    except KitError as error:
        sys.exit(f"invoke calendar: {error}")
    print(calendar_text(kit, today, int(days or SHARE_KIT.get("days", 14)), SHARE_KIT.get("rhythm", 3),
                        list(SHARE_KIT.get("networks", NAMES)),
                        TIMEZONE))


@task(name="import", iterable=["more"],
      help={"path": "exporten, en .zip, en uppackad mapp eller Blueskys repo.car", "more": "fler delar av samma export",
            "platform": f"{in_words(importable())}, om exporten inte känns igen",
            "archive": "arkivmappen (content/archive)", "dry_run": "visa vad som skulle ändras, skriv ingenting"})
def import_(c, path, more=None, platform=None, archive="content/archive", dry_run=False):
    """Importera en dataexport från ett socialt medium till arkivet; inget försvinner eller dubbleras."""
    from pelicanconf import SOCIAL_ARCHIVE
    from social_archive.cli import main

    argv = [path, *(more or []), "--archive", archive]
    argv += ["--private-repository"] if SOCIAL_ARCHIVE.get("private_repository") else []
    argv += ["--publish-connections"] if SOCIAL_ARCHIVE.get("publish_connections") else []
    argv += ["--platform", platform] if platform else []
    argv += ["--dry-run"] if dry_run else []
    sys.exit(main(argv))


@task(help={"post": "inläggets id (linkedin:7150…) eller adressen till dess sida i arkivet",
            "archive": "arkivmappen (content/archive)"})
def hide(c, post, archive="content/archive"):
    """Dölj ett arkiverat inlägg för gott: texten och bilderna tas bort, id:t sparas så att importen hoppar över det."""
    from social_archive.model import ArchiveError
    from social_archive.privacy import hide_post

    try:
        print("\n".join(hide_post(ROOT / archive, post)))
    except ArchiveError as error:
        sys.exit(f"invoke hide: {error.file}: {error.problem}")


@task(help={"post": "inläggets id (facebook:…) eller adressen till dess sida; flera med mellanslag emellan, inom citattecken",
            "all": "godkänn alla som väntar", "archive": "arkivmappen (content/archive)"})
def approve(c, post="", all=False, archive="content/archive"):
    """Visa de arkiverade inlägg som väntar på godkännande, eller godkänn dem så att de publiceras."""
    from social_archive.model import ArchiveError
    from social_archive.privacy import approve_posts

    try:
        print("\n".join(approve_posts(ROOT / archive, post.replace(",", " ").split(), every=all)))
    except ArchiveError as error:
        sys.exit(f"invoke approve: {error.file}: {error.problem}")


@task(help={"posts": "antal inlägg (1000)", "photos": "antal foton (200)", "archive": "antal arkiverade inlägg (2000)",
            "repeat": "antal omgångar, medianen av varje (5)", "json": "skriv alla siffror hit",
            "plot": "rita tillväxten som PNG hit"})
def bench(c, posts=1000, photos=200, archive=2000, repeat=5, json=None, plot=None):
    """Mät byggtiden mot Pelican utan tillägg och Hugo på samma genererade webbplats (se bench/README.md)."""
    from bench.run import main

    argv = ["--posts", str(posts), "--photos", str(photos), "--archive", str(archive), "--repeat", str(repeat)]
    argv += ["--json", json] if json else []
    argv += ["--plot", plot] if plot else []
    sys.exit(main(argv))


@task(help={"args": "mer till pytest, till exempel \"-x tests/test_feeds.py\""})
def test(c, args=""):
    """Installera granskarna (axe-core, Nu Html Checker) och kör alla tester."""
    c.run("npm ci --no-audit --no-fund --loglevel=error")
    sys.exit(subprocess.run([sys.executable, "-m", "pytest", *shlex.split(args)], cwd=ROOT, check=False).returncode)


@task(help={"material": "mappen med run.sh (../shared/conformance)"})
def conformance(c, material=""):
    """Bygg båda versionerna och pröva dem mot den officiella testsamlingen (../shared/conformance)."""
    import tempfile

    harness = Path(material) if material else ROOT.parent / "shared" / "conformance"
    if not (harness / "run.sh").is_file():
        sys.exit(f"invoke conformance: hittar inte {harness / 'run.sh'}; ange mappen med --material")
    build(c)
    publish(c)
    results = ROOT / ".cache" / "conformance" / "results"
    with tempfile.TemporaryDirectory() as tmp:
        # run.sh wants PROJECT/output to be the public build, which ours writes to public/
        # (tests/test_conformance.py gives it the sample's builds the same way).
        view = Path(tmp)
        for name, target in ((".venv", Path(sys.prefix)), ("plugins", ROOT / "plugins"), ("output", ROOT / PUBLIC),
                             ("share-kit", ROOT / KIT)):
            (view / name).symlink_to(target, target_is_directory=True)
        run = subprocess.run(["bash", str(harness / "run.sh"), str(view)], check=False, env=dict(
            os.environ, CONFORMANCE_OUT=str(results), CONFORMANCE_CACHE=str(ROOT / ".cache" / "conformance")))
    sys.exit(run.returncode)


# pip-tools, in a venv of its own under .cache/: it writes the lock, it is not part of the site.
PIP_TOOLS = "pip-tools==7.6.2"


@task
def lock(c):
    """Skriv requirements.txt (med kontrollsummor) från versionerna i requirements.in."""
    tools = ROOT / ".cache" / "pip-tools"
    if not (tools / "bin" / "pip-compile").exists():
        subprocess.run([sys.executable, "-m", "venv", str(tools)], check=True)
        subprocess.run([str(tools / "bin" / "pip"), "install", "-q", PIP_TOOLS], check=True)
    subprocess.run([str(tools / "bin" / "pip-compile"), "-q", "--generate-hashes", "--allow-unsafe", "--strip-extras",
                    "--no-emit-index-url", "--output-file", "requirements.txt", "requirements.in"], cwd=ROOT, check=True,
                   env=dict(os.environ, CUSTOM_COMPILE_COMMAND="invoke lock"))
    print("Skrev requirements.txt; granska med git diff och kör invoke test innan du checkar in.")


@task
def golden(c):
    """Bygg om testsajtens förväntade filer (tests/sites/golden/expected/) efter en avsiktlig ändring."""
    from tests.golden import regenerate

    regenerate()
    print(f"Skrev {GOLDEN_SITE}/expected/; granska med git diff innan du checkar in.")
