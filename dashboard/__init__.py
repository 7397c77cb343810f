"""The monitoring centre's Streamlit dashboard: reads and writes only through ``store.Store``.

``dashboard/app.py`` is the entrypoint (``x4watch dashboard`` runs it); the modules here hold what
every page shares (login, language, Buddhist-era dates, the map, cached store queries) so that each
``dashboard/pages/*.py`` stays a short script.
"""
