"""The live preview behind `invoke serve`: an in-process builder and the local server (not a Pelican plugin)."""
