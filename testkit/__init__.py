"""What tests, benchmarks and the demo share, kept out of the packages an installation runs.

Synthetic Thai IDs and phone numbers (``synthetic``), sample documents of every format
(``samples``), a store seeded with cases for the mail tests (``notify``), the real dashboard driven
in headless Chromium (``dashboard``), and a sweep's score against simweb's truth (``score``). No
package below ``service`` imports ``testkit`` (``tests/core/test_import_graph.py``); of the
commands only ``x4watch demo`` does, through simweb.
"""
