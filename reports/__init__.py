"""The ministry's weekly statistics: one set of tables rendered as a Thai PDF and as an XLSX.

``reports.weekly.build(cfg, store, week)`` gathers the numbers, ``reports.pdf`` and ``reports.xlsx``
render them; both renderers take the same plain ``WeeklyReport`` so the two files cannot disagree.
"""
