"""Benchmarks of Praktijkbank: a synthetic corpus, a cached loader and one harness (`python -m bench.run`).

Nothing here is imported by the app; it only uses the public functions of `kb`, `index` and the JSON API.
"""
