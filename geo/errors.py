"""The one exception tree of geo. Every error says what was asked and how to fix it."""


class GeoError(Exception):
    """Base class of every error geo raises on purpose."""


class ConfigurationError(GeoError, ValueError):
    """A setting, option or environment variable has a value geo cannot use."""


class GazetteerError(GeoError, RuntimeError):
    """The gazetteer index is missing, unreadable or could not be built."""


class SourceFormatError(GazetteerError, ValueError):
    """A gazetteer source file is malformed; the message names the file and row."""


class DocumentError(GeoError, ValueError):
    """An article file cannot be read as text (empty, binary, undecodable, too large)."""


class OverridesError(GeoError, ValueError):
    """An analyst overrides file is malformed; the message names the file and entry."""


class ExportError(GeoError, RuntimeError):
    """An output could not be written."""
