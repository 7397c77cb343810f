"""The seed list of every LAO: import, cleaning, validation and loading."""

from seeds.load import LAOS_CSV, load_laos
from seeds.model import COLUMNS, Lao, LaoType, UrlSource

__all__ = ["COLUMNS", "LAOS_CSV", "Lao", "LaoType", "UrlSource", "load_laos"]
