"""Whose blog the test sites are: a fixed owner, so no test depends on the demo or on a rebrand.

Settings files of the test sites import publishconf.py (or pelicanconf.py), then this module,
then point FEEDS at FEED_ID_AUTHORITY. Everything a new owner changes in pelicanconf.py's
"DIN BLOGG" block, and the lists a site shapes its content by, is fixed here.
"""

OWNER = "Kim Provare"
ROLE = "Förvaltningschef"
ORGANISATION = "Provstads kommun"
BIO = "Kim Provare är förvaltningschef i Provstads kommun och skriver om besök i verksamheterna."
PORTRAIT = ""
PORTRAIT_ALT = ""
PUBLIC_URL = "https://provstad.example/blogg"
FEED_ID_AUTHORITY = "provstad.example"
GUEST_AUTHORS = {
    "Samir Haddad": {
        "role": "Socialchef, Provstads kommun",
        "bio": "Samir Haddad är socialchef och gästskribent i bloggen.",
        "image": "",
        "image_alt": "",
    },
}

SITENAME = AUTHOR = OWNER
SITESUBTITLE = f"{ROLE}, {ORGANISATION}"
AUTHORS = {OWNER: {"role": SITESUBTITLE, "bio": BIO, "image": PORTRAIT, "image_alt": PORTRAIT_ALT},
           **GUEST_AUTHORS}
FOOTER_PAGES = ["om", "tillganglighet", "kommentarer", "integritet"]
