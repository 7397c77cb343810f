"""The seed list of every LAO: import, cleaning, validation and loading."""

from seeds.load import LAOS_CSV, load_laos
from seeds.model import COLUMNS, Contact, Lao, LaoType, UrlSource

__all__ = ["COLUMNS", "LAOS_CSV", "Contact", "Lao", "LaoType", "UrlSource", "load_laos"]
