"""YAML from untrusted files (sidecars, front matter, overrides): no aliases, bounded depth.

PyYAML's ``safe_load`` builds no objects of arbitrary classes, but it does expand aliases: a
few hundred bytes of nested aliases (the "billion laughs") become a structure that costs
exponential time and memory to walk or print. Metadata and overrides never need aliases, so
the loader here refuses them, and refuses nesting deeper than ``settings.MAX_YAML_DEPTH``.
"""

from __future__ import annotations

from typing import Any

import yaml

from geo import settings

__all__ = ["UnsafeYamlError", "load_yaml"]


class UnsafeYamlError(ValueError):
    """The YAML uses an alias or nests too deeply; the message says which and where."""


class _BoundedLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses aliases and nesting deeper than the setting."""

    _geo_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise UnsafeYamlError(
                f"uses a YAML alias (*name) at line {mark.line + 1}; geo does not expand "
                "aliases in metadata or overrides: write the values out"
            )
        self._geo_depth += 1
        try:
            if self._geo_depth > settings.MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise UnsafeYamlError(
                    f"nests deeper than {settings.MAX_YAML_DEPTH} levels at line {mark.line + 1}"
                )
            return super().compose_node(parent, index)
        finally:
            self._geo_depth -= 1


def load_yaml(text: str) -> Any:
    """Parse one YAML document with the bounded loader.

    Raises
    ------
    UnsafeYamlError
        For an alias or too deep a nesting.
    yaml.YAMLError
        For YAML that does not parse, or a value its tag cannot make (``2018-13-45`` as a
        date, ``!!int x``: PyYAML raises ValueError, TypeError... for those).
    """
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except (UnsafeYamlError, yaml.YAMLError):
        raise
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as error:
        raise yaml.YAMLError(f"a value YAML cannot construct: {error}") from None
    finally:
        loader.dispose()
