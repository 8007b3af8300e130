"""Shared machinery of the map parts: declared files, safe JSON in scripts, stable ids.

Every map part is a folium ``MacroElement`` that declares, beside its class, the npm files
it needs (``assets``) and geo's own script and stylesheet files (``static``, in
``geo/mapping/static/``). When the map is rendered, each part adds its files to the page
header once (npm files inlined for an offline map, as CDN links otherwise; geo's own files
always inlined) and calls its script's function: ``geoParts.NAME(map, geo, options)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

from geo import assets
from geo.assets import Asset
from geo.export import dumps, dumps_bytes

#: Attribute set on the root Figure to make every part inline its assets.
OFFLINE_FLAG = "geo_offline"

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> str:
    """Serialise ``data`` for embedding inside a ``<script>`` element.

    Keys are sorted and ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes,
    so untrusted text can neither close the element nor break the JavaScript.
    """
    return _escape_for_script(dumps(data))


def _escape_for_script(text: str) -> str:
    for raw, escaped in _SCRIPT_ESCAPES.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text


_SCRIPT_ESCAPES_UTF8 = [
    (raw.encode(), escaped.encode()) for raw, escaped in _SCRIPT_ESCAPES.items()
]


def _escape_bytes_for_script(text: bytes) -> bytes:
    for raw, escaped in _SCRIPT_ESCAPES_UTF8:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def script_json_parts(data: dict[str, Any]) -> Iterator[bytes]:
    """Yield :func:`script_json` of ``data`` as UTF-8, in pieces (joined, the same text).

    Each list member of ``data`` is written one item at a time, so a corpus-sized payload is
    never one string (nor several escaped copies of it) in memory.
    """
    separator = b"{"
    for key in sorted(data):
        value = data[key]
        prefix = separator + dumps_bytes(key) + b":"
        separator = b","
        if not isinstance(value, list) or not value:
            yield prefix + _escape_bytes_for_script(dumps_bytes(value))
            continue
        yield prefix + b"["
        for index, item in enumerate(value):
            yield (b"," if index else b"") + _escape_bytes_for_script(dumps_bytes(item))
        yield b"]"
    yield b"{}" if separator == b"{" else b"}"


class InlineScript(Element):
    """A ``<script>`` element holding a library's source."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self._name = "InlineScript"
        self.source = source

    def render(self, **kwargs: Any) -> str:
        return f"<script>{self.source}</script>"


class InlineStyle(Element):
    """A ``<style>`` element holding a library's stylesheet."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self._name = "InlineStyle"
        self.source = source

    def render(self, **kwargs: Any) -> str:
        return f"<style>{self.source}</style>"


def is_offline(element: Element) -> bool:
    """Return whether ``element`` belongs to a map rendered offline."""
    return bool(getattr(element.get_root(), OFFLINE_FLAG, False))


def add_assets(figure: Figure, declared: tuple[Asset, ...]) -> None:
    """Add the files in ``declared`` to the header of ``figure`` (once each)."""
    offline = bool(getattr(figure, OFFLINE_FLAG, False))
    for asset in declared:
        key = "asset:" + asset.key
        if key in figure.header._children:
            continue
        child: Element
        if offline:
            child = (
                InlineStyle(assets.read_stylesheet(asset))
                if asset.is_css
                else InlineScript(assets.read_script(asset))
            )
        else:
            child = (
                CssLink(assets.cdn_url(asset))
                if asset.is_css
                else JavascriptLink(assets.cdn_url(asset))
            )
        figure.header.add_child(child, name=key)


def add_static(figure: Figure, names: tuple[str, ...]) -> None:
    """Inline geo's own files ``names`` (``geo/mapping/static/``) in the header of ``figure``."""
    for name in names:
        key = "static:" + name
        if key in figure.header._children:
            continue
        source = assets.read_static(name)
        child = InlineStyle(source) if name.endswith(".css") else InlineScript(source)
        figure.header.add_child(child, name=key)


class RawHtml(Element):
    """Already rendered markup, inserted as is (never parsed again as a template)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.markup = markup

    def render(self, **kwargs: Any) -> str:
        return self.markup


class MapPart(MacroElement):
    """A part of the map: a function of a static script, called with the map, the map data
    and options, plus the files it needs.

    Subclasses set ``static`` (their script, e.g. ``("routes.js",)``), ``function`` (the
    name the script gives its function in ``geoParts``), ``assets`` (npm files), ``geo``
    (the ``MapData`` part, if they read it) and :meth:`js_options`. A part that needs other
    markup sets ``_template`` with ``header``, ``html`` and ``script`` macros, which may use
    ``this._parent`` (the Leaflet map).

    Unlike folium's ``MacroElement``, the rendered macros are inserted as raw markup:
    folium would compile them again as Jinja templates, which is slow for megabytes of
    data and would evaluate ``{{ ... }}`` found in article text.
    """

    assets: ClassVar[tuple[Asset, ...]] = ()
    static: ClassVar[tuple[str, ...]] = ()
    function: ClassVar[str] = ""
    #: The element's name in the page (folium makes ``geo_data_0003`` of ``GeoData``).
    part_name: ClassVar[str] = "GeoPart"

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geoParts.{{ this.function }}({{ this.call_arguments() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart | None = None) -> None:
        super().__init__()
        self._name = self.part_name
        self.geo = geo

    def js_options(self) -> dict[str, Any]:
        """The options the part's function is given (JSON)."""
        return {}

    def call_arguments(self) -> str:
        """The JavaScript arguments of the part's function: the map, the map data, options."""
        geo = self.geo.get_name() if self.geo is not None else "null"
        parent = self._parent
        if parent is None:
            raise TypeError(f"{type(self).__name__} must be added to a map to render")
        return f"{parent.get_name()}, {geo}, {script_json(self.js_options())}"

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} must be inside a folium Figure to render")
        add_assets(figure, self.assets)
        add_static(figure, self.static)
        module = self._template.module
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(RawHtml(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class JsonDataPart(MapPart):
    """A part holding a JSON blob (``payload_json``) in the page, whose function reads it and
    returns an object the page keeps in a variable of the part's name (for other parts):
    ``var NAME = geoParts.FUNCTION(map, element, options)``."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_json">{{ this.payload_json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoParts.{{ this.function }}({{ this._parent.get_name() }}, document.getElementById("{{ this.get_name() }}_json"), {{ this.options_json() }});
        {% endmacro %}
        """
    )

    payload_json = "{}"

    def options_json(self) -> str:
        """:meth:`js_options` as script JSON."""
        return script_json(self.js_options())


def stable_ids(root: Element) -> None:
    """Replace the random ids folium gives elements by a counter, in tree order.

    The same map built twice then renders to the same bytes.
    """
    counter = 0
    seen: set[int] = set()

    def visit(element: Element) -> None:
        nonlocal counter
        if id(element) in seen:
            return
        seen.add(id(element))
        element._id = f"{counter:04d}"
        counter += 1
        for child in list(element._children.values()):
            visit(child)
        if isinstance(element, Figure):
            for part in (element.header, element.html, element.script):
                visit(part)

    visit(root)
