"""The social-media archive: export readers, the archive model and store, and (later) the generator.

Import is separate from build: `cli.main` reads LinkedIn and Instagram "download your data"
exports into `content/archive/`; the site loads that folder with `store.load_archive`.
"""
