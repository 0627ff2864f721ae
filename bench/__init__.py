"""The build benchmark: a generated site built by bare Pelican, Hugo and ours (see bench/README.md)."""
