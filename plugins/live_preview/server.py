"""`invoke serve`: the preview on localhost, rebuilt in this process and reloaded in the browser.

livereload serves output/ and the private share kit (at /delningskit/, straight from its own
folder, so nothing private is ever copied into output/) and tells open pages to reload.
watchfiles reports saves at once (inotify) instead of livereload's 0.8 s polling. A saved post's
page is written and reloaded first; the browser reloads again when the whole site is rebuilt.
A change to the settings or to plugin code restarts the process, since Pelican has imported them.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchfiles import watch

from .builder import PreviewBuilder

class _PushedReloads(Watcher):
    """No polling: the build thread pushes each reload itself."""

    def start(self, callback) -> bool:
        return True


class _PreviewServer(Server):
    def __init__(self, kit: Path):
        super().__init__(watcher=_PushedReloads())
        self.kit = kit

    def get_web_handlers(self, script):
        kit = (r"/delningskit/(.*)", self.SFH, {"path": str(self.kit), "default_filename": "index.html"})
        return [kit, *super().get_web_handlers(script)]


def _inside(path: str, folders: list[Path]) -> bool:
    return any(Path(path).resolve().is_relative_to(folder.resolve()) for folder in folders)


def serve(settings: dict, kit: Path, port: int, rebuild_on: list[Path], restart_on: list[Path],
          say: Callable[[str], None] = print) -> None:
    """Serve until stopped. A save under `rebuild_on` (content, theme) rebuilds; one under
    `restart_on` (plugins, settings files: Pelican has imported them) restarts the process."""
    loop = IOLoop.current()  # the loop livereload's serve() runs; reloads are handed to it

    def reload(path: str = "*") -> None:
        loop.add_callback(LiveReloadHandler.reload_waiters, path)

    builder = PreviewBuilder(settings, on_page=lambda url: reload("/" + url))
    say(f"Byggt på {builder.build():.1f} s.")

    def rebuild_on_save() -> None:
        for changes in watch(*rebuild_on, *restart_on, step=20, debounce=400):
            paths = [path for _, path in changes]
            if any(_inside(path, restart_on) for path in paths):
                say("Inställningar eller plugins ändrades: startar om förhandsvisningen.")
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # as started, -m included
            seconds = builder.build(paths)
            reload()
            say(f"Byggt om på {seconds:.2f} s ({', '.join(Path(p).name for p in paths[:3])}).")

    threading.Thread(target=rebuild_on_save, name="rebuild-on-save", daemon=True).start()
    server = _PreviewServer(kit)
    # Said from the loop, so only once the server listens.
    loop.add_callback(say, f"Förhandsvisning: http://localhost:{port}/ · "
                           f"delningspaket och kalender: http://localhost:{port}/delningskit/")
    server.serve(host="localhost", port=port, root=settings["OUTPUT_PATH"], open_url_delay=None)
