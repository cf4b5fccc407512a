"""Reproducible performance suite; see benchmarks/README.md."""
