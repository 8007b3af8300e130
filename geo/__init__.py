"""geo: an offline geoparser for Arabic news reports on the Syrian war."""

__version__ = "0.1.0"
