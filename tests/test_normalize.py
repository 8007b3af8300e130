"""Arabic and Latin normalisation: keys, variants, skeletons, offset-keeping folds."""

from __future__ import annotations

import pytest

from geo.normalize import (
    arabic_key,
    arabic_key_variants,
    fold_text,
    has_arabic,
    latin_key,
    query_key,
    skeleton,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("المَدِينَة", "مدينه"),  # diacritics, article, ta marbuta
        ("الم\u0640\u0640دينة", "مدينه"),  # tatweel
        ("إدلب", "ادلب"),
        ("أريحا", "اريحا"),
        ("آبار", "ابار"),
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("کفرنبل", "كفرنبل"),  # Persian keheh
        ("قریة", "قريه"),  # Persian yeh
        ("تل ٣", "تل 3"),  # Arabic-Indic digit
        ("تل ۳", "تل 3"),  # Persian digit
        ("البوكمال", "ابو كمال"),  # البو = أبو
        ("البو حسين", "ابو حسين"),
        ("  دير  الزور ", "دير الزور"),
    ],
)
def test_arabic_key(written: str, key: str) -> None:
    assert arabic_key(written) == key


def test_arabic_key_keeps_words_that_only_look_like_an_article() -> None:
    assert arabic_key("الل") == "الل"  # too short to lose its first letters
    assert arabic_key("البوابة") == "بوابه"  # البوابة is "the gate", not أبو ...


def test_variants_cover_running_text_spellings() -> None:
    variants = arabic_key_variants("دير الزور")
    assert {"دير الزور", "ديرالزور"} <= variants
    abu = arabic_key_variants("أبو حمدان")
    assert {"ابو حمدان", "بو حمدان", "بوحمدان", "ابوحمدان"} <= abu
    assert arabic_key_variants("") == set()


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (("Hajin", "Hajjin", "Hajīn", "هجين"), True),
        (("al-Shaafa", "Ash Sha`fah", "Al Shafah", "الشعفة"), True),
        (("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "ديرالزور", "دير الزور"), True),
        (("Idlib", "Idleb", "إدلب"), True),
        (("Hama", "Homs"), False),
    ],
)
def test_skeleton_crosses_scripts(names: tuple[str, ...], same: bool) -> None:
    assert (len({skeleton(name) for name in names}) == 1) is same


def test_latin_key_drops_articles_accents_and_punctuation() -> None:
    assert latin_key("Ash Sha`fah") == "shafah"
    assert latin_key("Ḩamāh") == "hamah"
    assert latin_key("Deir ez-Zor") == "deir zor"
    assert latin_key("AL-BAB") == "bab"


def test_query_key_and_script_detection() -> None:
    assert has_arabic("Hama حماة") and not has_arabic("Hama")
    assert query_key("الرقة") == "رقه"
    assert query_key("Ar-Raqqa") == "raqqa"


def test_fold_text_keeps_offsets() -> None:
    text = "وصلوا إلى المَدِينَة أمس"
    folded, offsets = fold_text(text)
    assert offsets is not None and len(offsets) == len(folded) + 1
    start = folded.index("المدينه")
    end = start + len("المدينه")
    assert text[offsets[start] : offsets[end]].startswith("المَدِينَة")
    plain, none = fold_text("إلى حلب")
    assert none is None and plain == "الي حلب"


def test_fold_text_offsets_agree_with_a_character_by_character_map() -> None:
    # Diacritics and tatweel anywhere, runs of them, at the start and at the end.
    text = "ًإِدْلِبـــ، وَالرَّقَّةُ ـ حلبُ" + "ّ"
    folded, offsets = fold_text(text)
    assert offsets is not None
    kept = [i for i, char in enumerate(text) if fold_text(char)[0]]
    assert [offsets[i] for i in range(len(folded))] == kept
    assert offsets[len(folded)] == len(text) and list(offsets)[-1] == len(text)
    assert offsets.originals(range(len(folded) + 1)) == list(offsets)
    with pytest.raises(IndexError):
        offsets[len(folded) + 1]
    assert all(fold_text(text[i])[0] == folded[n] for n, i in enumerate(kept))


def test_a_hashtag_reads_its_underscores_as_spaces() -> None:
    folded, offsets = fold_text("من ريف #معرة_النعمان الشرقي")
    assert "معره النعمان" in folded and offsets is None or len(folded) == len(offsets) - 1
    assert arabic_key("معرة_النعمان") == arabic_key("معرة النعمان")
