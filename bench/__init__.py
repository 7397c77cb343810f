"""Benchmarks: ``python -m bench.NAME`` prints its figures and ends with one ``RESULT key=value ...`` line."""
