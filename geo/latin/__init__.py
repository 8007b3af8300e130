"""English reports: Syrian places in Latin script, found, resolved and mapped like Arabic ones.

* ``translit``: one transliteration key for every spelling of a name (Hajin, Hajeen, Hajjin).
* ``words``: the English word tables (``data/lexicons/en_*.tsv``), word frequency, tokens.
* ``recognize``: name spans with their context (cues, lists, prepositions, not-a-place hints).
* ``places``: resolution (``geo.resolve``), analyst pins, names the gazetteer lacks, region
  phrases (``geo.regions``), named areas (``geo.areas``), and ``parse_english``.

The movement grammar is ``geo.routes.english``; the language of a document,
``geo.language``.
"""

from geo.latin.places import english_mentions, parse_english, recognizer_for
from geo.latin.recognize import EnglishRecognizer, FoundName, LatinGazetteer
from geo.latin.translit import translit_key

__all__ = [
    "EnglishRecognizer",
    "FoundName",
    "LatinGazetteer",
    "english_mentions",
    "parse_english",
    "recognizer_for",
    "translit_key",
]
