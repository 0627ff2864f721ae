"""What every test site shares: a fixed owner, so that no test depends on the demo or a rebrand.

A test site's settings file imports publishconf.py (or pelicanconf.py), then this module.
Everything a new owner changes in pelicanconf.py's "DIN BLOGG" block, and the lists a site
shapes its content by, is fixed here; the product's own settings (plugins, addresses) are not.
"""

from pathlib import Path

from pelicanconf import FEEDS as PRODUCT_FEEDS

PROJECT = Path(__file__).resolve().parents[2]
THEME = str(PROJECT / "theme")  # absolute: Pelican reads a relative THEME from the settings file's folder

OWNER = "Kim Provare"
ROLE = "Förvaltningschef"
ORGANISATION = "Provstads kommun"
BIO = "Kim Provare är förvaltningschef i Provstads kommun och skriver om besök i verksamheterna."
PORTRAIT = ""
PORTRAIT_ALT = ""
PUBLIC_URL = "https://provstad.example/blogg"
FEED_ID_AUTHORITY = "provstad.example"
CONTACT_EMAIL = "registrator@provstad.example"
BRAND_COLOUR = ""
PROFILES = {"linkedin": "https://www.linkedin.com/in/kim-provare", "mastodon": "https://social.provstad.example/@kim"}
GUEST_AUTHORS = {
    "Samir Haddad": {
        "role": "Socialchef, Provstads kommun",
        "bio": "Samir Haddad är socialchef och gästskribent i bloggen.",
        "image": "",
        "image_alt": "",
    },
}

FEEDS = dict(PRODUCT_FEEDS, id_authority=FEED_ID_AUTHORITY, contact_email=CONTACT_EMAIL)
SITENAME = AUTHOR = OWNER
SITESUBTITLE = f"{ROLE}, {ORGANISATION}"
AUTHORS = {OWNER: {"role": SITESUBTITLE, "bio": BIO, "image": PORTRAIT, "image_alt": PORTRAIT_ALT},
           **GUEST_AUTHORS}
FOOTER_PAGES = ["om", "tillganglighet", "kommentarer", "integritet"]
CATEGORIES = ["Besök", "Ledarskap", "Verksamhet", "Anteckningar"]
