"""The ministry's weekly statistics: one set of tables rendered as a Thai PDF and as an XLSX.

``reports.weekly.build(cfg, store, week)`` gathers the numbers into a plain ``WeeklyReport``
(``reports.model``), ``reports.tables`` lays out its tables once, and ``reports.render`` writes them
as the PDF and the XLSX, so the two files cannot disagree.
"""
