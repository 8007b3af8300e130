"""Tests of geo.document: encodings, HTML, metadata, furniture, bad files."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
from pathlib import Path

import pytest

from geo import settings
from geo.document import (
    document_from_text,
    find_documents,
    furniture_spans,
    iter_documents,
    normalize_date,
    read_document,
    read_small_file,
    sidecar_path,
)
from geo.errors import DocumentError, GeoError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TITLE = "نزوح عشرات العائلات من قرية تل عدس باتجاه بلدة الحمرا"
PROSE = (
    "أفادت مصادر محلية بأن عشرات العائلات خرجت صباح اليوم من قرية تل عدس في ريف حمص الشمالي "
    "باتجاه بلدة الحمرا، بعد قصف مدفعي استمر ثلاثة أيام على الأحياء السكنية.\n\n"
    "وقال شهود عيان إن الطريق الواصل بين القريتين شهد ازدحاماً كبيراً بالسيارات والشاحنات."
)
ARTICLE = f"{TITLE}\n\n{PROSE}\n"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------


def test_utf8_plain_text(tmp_path: Path) -> None:
    raw = ARTICLE.encode("utf-8")
    file = write(tmp_path / "a01.txt", raw)
    document = read_document(file)
    assert document.text == ARTICLE
    assert document.encoding == "utf-8"
    assert document.id == "a01"
    assert document.path == str(file)
    assert document.title == TITLE
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.skip == []


def test_utf8_with_bom_drops_only_the_bom(tmp_path: Path) -> None:
    file = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    document = read_document(file)
    assert document.text == ARTICLE
    assert document.encoding == "utf-8-sig"


def test_cp1256_is_detected(tmp_path: Path) -> None:
    file = write(tmp_path / "win.txt", ARTICLE.encode("cp1256"))
    document = read_document(file)
    assert document.encoding == "cp1256"
    assert document.text == ARTICLE
    assert document.title == TITLE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    file = write(tmp_path / "wide.txt", bom + ARTICLE.encode(codec))
    document = read_document(file)
    assert document.encoding == "utf-16"
    assert document.text == ARTICLE


def test_named_encoding_is_used(tmp_path: Path) -> None:
    file = write(tmp_path / "named.txt", ARTICLE.encode("cp1256"))
    document = read_document(file, encoding="windows-1256")
    assert document.encoding == "cp1256"
    assert document.text == ARTICLE


def test_wrong_named_encoding_is_a_document_error(tmp_path: Path) -> None:
    file = write(tmp_path / "named.txt", ARTICLE.encode("cp1256"))
    with pytest.raises(DocumentError, match="cannot be decoded as utf-8"):
        read_document(file, encoding="utf-8")
    with pytest.raises(DocumentError, match="unknown encoding"):
        read_document(file, encoding="no-such-codec")


def test_truncated_utf8_at_the_end_is_accepted_with_a_warning(tmp_path: Path) -> None:
    text = ARTICLE + "\u0627\u0644\u0645\u0635\u062f\u0631"  # ends in an Arabic letter
    raw = text.encode("utf-8")
    file = write(tmp_path / "cut.txt", raw[:-1])  # the last letter loses one of its two bytes
    document = read_document(file)
    assert document.encoding == "utf-8"
    assert document.text == text[:-1]
    assert "decode_warning" in document.metadata
    assert "1 byte" in document.metadata["decode_warning"]


def test_invalid_utf8_in_the_middle_is_not_silently_dropped(tmp_path: Path) -> None:
    raw = ARTICLE.encode("utf-8")
    middle = len(raw) // 2
    while raw[middle] & 0xC0 == 0x80:  # move to a character boundary
        middle += 1
    broken = raw[:middle] + b"\xd8" + raw[middle:]
    file = write(tmp_path / "broken.txt", broken)
    with pytest.raises(
        DocumentError, match=rf"broken\.txt cannot be decoded \(invalid UTF-8 at byte {middle}\)"
    ):
        read_document(file)


# --- HTML --------------------------------------------------------------------------------

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{TITLE} | موقع الأخبار</title>
<meta property="og:site_name" content="شبكة الأخبار السورية">
<meta property="og:title" content="{TITLE}">
<meta property="article:published_time" content="2019-03-07T09:15:00+02:00">
<meta name="author" content="مراسل الشبكة">
<link rel="canonical" href="https://news.example/2019/03/07/tel-adas">
<style>body {{ color: red; }}</style>
<script>var tracking = "لا تظهر هذه الجملة";</script>
</head>
<body>
<header><nav><a href="/">الرئيسية</a> <a href="/syria">سوريا</a></nav></header>
<aside><h3>الأكثر قراءة</h3><ul><li>خبر جانبي عن مدينة أخرى</li></ul></aside>
<article>
<h1>{TITLE}</h1>
<p>أفادت مصادر محلية بأن عشرات العائلات خرجت صباح اليوم من قرية تل عدس<br>في ريف حمص الشمالي.</p>
<p>وقال شهود عيان إن الطريق شهد ازدحاماً كبيراً &amp; طويلاً.</p>
<div class="share">شارك <a>Facebook</a> <a>Twitter</a></div>
</article>
<form><input name="q"><button>بحث</button></form>
<footer>جميع الحقوق محفوظة 2019</footer>
</body>
</html>
"""


def test_html_page_is_extracted(tmp_path: Path) -> None:
    file = write(tmp_path / "page.html", HTML_PAGE)
    document = read_document(file)
    assert document.encoding == "utf-8+html"
    assert document.title == TITLE
    assert document.text.startswith(TITLE + "\n\n")
    assert "من قرية تل عدس\nفي ريف حمص الشمالي." in document.text
    assert "ازدحاماً كبيراً & طويلاً." in document.text
    for absent in ("لا تظهر", "color", "خبر جانبي", "جميع الحقوق", "سوريا"):
        assert absent not in document.text
    assert document.metadata["outlet"] == "شبكة الأخبار السورية"
    assert document.metadata["date"] == "2019-03-07"
    assert document.metadata["author"] == "مراسل الشبكة"
    assert document.metadata["url"] == "https://news.example/2019/03/07/tel-adas"
    share = document.text.index("شارك Facebook Twitter")
    assert (share, share + len("شارك Facebook Twitter")) in document.skip


def test_html_detected_by_content_and_largest_block(tmp_path: Path) -> None:
    page = (
        "<html><body><div id='menu'><p>روابط</p></div><div id='story'>"
        "<p>قصفت الطائرات أطراف بلدة كفر زيتا صباح الأحد.</p>"
        "<p>ونزح الأهالي نحو المزارع القريبة من البلدة.</p></div></body></html>"
    )
    file = write(tmp_path / "saved", page.encode("cp1256"))
    document = read_document(file)
    assert document.encoding == "cp1256+html"
    assert document.text == (
        "قصفت الطائرات أطراف بلدة كفر زيتا صباح الأحد.\n\nونزح الأهالي نحو المزارع القريبة من البلدة."
    )
    assert document.title == "قصفت الطائرات أطراف بلدة كفر زيتا صباح الأحد."


# --- metadata ----------------------------------------------------------------------------


def test_front_matter(tmp_path: Path) -> None:
    content = (
        "---\ntitle: عنوان من البيانات\noutlet: صحيفة المثال\ndate: 07/03/2019\n"
        "author: [أحمد, سعاد]\nsection: محليات\n---\n\n" + ARTICLE
    )
    document = read_document(write(tmp_path / "fm.md", content))
    assert document.text == ARTICLE
    assert document.title == "عنوان من البيانات"
    assert document.metadata == {
        "author": "أحمد, سعاد",
        "date": "2019-03-07",
        "outlet": "صحيفة المثال",
        "section": "محليات",
    }
    assert "title" not in document.metadata


def test_dashes_without_yaml_mapping_are_text(tmp_path: Path) -> None:
    content = "---\nسطر عادي\n---\n" + ARTICLE
    document = read_document(write(tmp_path / "dash.txt", content))
    assert document.text == content


@pytest.mark.parametrize("name", ["art.txt.meta.json", "art.json", "art.yaml"])
def test_sidecar_metadata(tmp_path: Path, name: str) -> None:
    file = write(tmp_path / "art.txt", ARTICLE)
    meta = {
        "Source": "وكالة المثال",
        "published": "2019-03-07T10:00:00Z",
        "link": "https://x.example/1",
    }
    if name.endswith(".json"):
        write(tmp_path / name, json.dumps(meta, ensure_ascii=False))
    else:
        write(tmp_path / name, "".join(f"{key}: '{value}'\n" for key, value in meta.items()))
    assert sidecar_path(file) == tmp_path / name
    document = read_document(file)
    assert document.outlet == "وكالة المثال"
    assert document.date == "2019-03-07"
    assert document.url == "https://x.example/1"
    assert document.title == TITLE


def test_bad_sidecar_names_the_file(tmp_path: Path) -> None:
    file = write(tmp_path / "art.txt", ARTICLE)
    write(tmp_path / "art.json", "{not json")
    with pytest.raises(DocumentError, match=r"art\.json is not valid JSON"):
        read_document(file)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-12-14", "2018-12-14"),
        ("2018-12-14T08:30:00+03:00", "2018-12-14"),
        ("14/12/2018", "2018-12-14"),
        ("12/14/2018", "2018-12-14"),
        ("\u0661\u0664/\u0661\u0662/\u0662\u0660\u0661\u0668", "2018-12-14"),
        ("14 كانون الأول 2018", "2018-12-14"),
        ("الجمعة 14 ديسمبر، 2018", "2018-12-14"),
        ("3 آب 2017", "2017-08-03"),
        ("December 14, 2018", "2018-12-14"),
        ("14 Dec 2018", "2018-12-14"),
        ("قبل ساعتين", "قبل ساعتين"),
        ("31/02/2018", "31/02/2018"),
    ],
)
def test_normalize_date(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


# --- furniture ---------------------------------------------------------------------------


def spans_text(text: str) -> list[str]:
    return [text[start:end] for start, end in furniture_spans(text)]


def test_furniture_is_marked_not_removed() -> None:
    text = (
        f"{TITLE}\n\n{PROSE}\n\nاقرأ أيضاً\n\n"
        "وأضافت المصادر أن فرق الدفاع المدني انتشلت جثث ضحايا من تحت الأنقاض في بلدة الحولة.\n\n"
        "التعليقات (3)\n\nشارك\n\n12\n\n\U0001f525 الأكثر مشاهدة\n\n\u2b50 مقالات ذات صلة\n"
    )
    document = document_from_text(text)
    assert document.text == text
    skipped = [text[start:end] for start, end in document.skip]
    assert skipped[0] == "اقرأ أيضاً"
    assert skipped[-1] == (
        "التعليقات (3)\n\nشارك\n\n12\n\n\U0001f525 الأكثر مشاهدة\n\n\u2b50 مقالات ذات صلة"
    )
    for start, end in document.skip:
        assert "الدفاع المدني" not in text[start:end]
        assert "قرية تل عدس" not in text[start:end]


def test_cookie_share_and_translate_lines() -> None:
    text = (
        f"{PROSE}\n"
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا\n"
        "Facebook Twitter واتساب Telegram\n"
        "Translate \u00bb\n"
    )
    assert spans_text(text) == [
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا\n"
        "Facebook Twitter واتساب Telegram\n"
        "Translate \u00bb"
    ]


def test_share_lines_are_tokens_and_symbols_only() -> None:
    # Tokens joined by punctuation and multi-word tokens still make a share line; one word
    # that is no token (a place, a verb, a token glued to another) makes the line prose.
    share = ["فيسبوك/تويتر | واتس اب", "شارك: فيس بوك - Telegram", "X | Email"]
    prose = ["فيسبوك تويتر سراقب", "شارك فيسبوك الخبر", "Twitter_X"]
    lines = [line for pair in zip(share, prose, strict=True) for line in pair]
    text = f"{PROSE}\n\n" + "\n\n".join(lines) + f"\n\n{PROSE}\n"
    assert spans_text(text) == share


def test_prose_is_never_furniture() -> None:
    text = (
        "\U0001f4cd قصف على سراقب\n\n"  # an emoji-led line on its own: not furniture
        "شارك مئات المدنيين في تشييع الضحايا في مدينة سراقب يوم الجمعة.\n\n"
        "وقالت مصادر إن التعليقات على الحادثة كثرت في وسائل التواصل.\n\n"
        "ونزحت 12 عائلة نحو المخيمات.\n"
    )
    assert furniture_spans(text) == []


def test_trailing_block_of_short_labels() -> None:
    text = f"{PROSE}\n\nسياسة\n\nمحليات\n\nعاجل\n"
    assert spans_text(text) == ["سياسة\n\nمحليات\n\nعاجل"]
    # A trailing short sentence ending in a full stop is prose: the block is left alone.
    text = f"{PROSE}\n\nسياسة\n\nوقتل مدنيان في القصف.\n"
    assert spans_text(text) == []


def test_seed_furniture_and_titles() -> None:
    expected_tail = {
        "000_6af6e4e56df1d80f": ["اترك رد", "Translate"],
        "001_b612fac50e613db2": ["التعليقات (0)", "الأكثر قراءة", "أهم المواضيع", "أهم التصنيفات"],
    }
    for doc_id, labels in expected_tail.items():
        document = read_document(SEEDS / f"{doc_id}.txt")
        first_line = next(line.strip() for line in document.text.splitlines() if line.strip())
        assert document.id == doc_id
        assert document.title == first_line
        assert document.skip, doc_id
        last_start, last_end = document.skip[-1]
        assert not document.text[last_end:].strip()
        for label in labels:
            assert label in document.text[last_start:last_end]
        body = document.text[:last_start]
        assert len(body) > 0.9 * len(document.text.strip()) - 200
        assert all(end <= last_start or start == last_start for start, end in document.skip)


# --- bad files ---------------------------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"empty\.txt is empty \(0 bytes\)"):
        read_document(write(tmp_path / "empty.txt", b""))
    with pytest.raises(DocumentError, match=r"blank\.txt is empty \(only whitespace\)"):
        read_document(write(tmp_path / "blank.txt", " \n\t\r\n  "))


def test_binary_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(DocumentError, match=r"blob\.txt looks like a binary file"):
        read_document(write(tmp_path / "blob.txt", data))
    control = b"\x01\x02\x03\x04abc" * 100
    with pytest.raises(DocumentError, match="binary"):
        read_document(write(tmp_path / "ctl.txt", control))


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "huge.txt"
    with file.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(DocumentError) as caught:
        read_document(file)
    assert str(caught.value) == (
        f"{file} is 20 MB, larger than the 5 MB limit for an article; split it or raise "
        "geo.settings.MAX_DOCUMENT_BYTES"
    )
    monkeypatch.setattr(settings, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(DocumentError, match="larger than the 0.0 MB limit"):
        read_document(write(tmp_path / "small.txt", ARTICLE))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    with pytest.raises(DocumentError, match="is a folder"):
        read_document(tmp_path)


def test_undecodable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class Nothing:
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: Nothing())
    data = bytes(range(0x80, 0x100)) * 4  # not UTF-8, not Arabic in cp1256
    with pytest.raises(DocumentError, match=r"odd\.txt cannot be decoded.*--encoding"):
        read_document(write(tmp_path / "odd.txt", data))


def test_document_error_is_a_geo_error() -> None:
    assert issubclass(DocumentError, GeoError)
    with pytest.raises(DocumentError, match="empty"):
        document_from_text("   ")


# --- folders -----------------------------------------------------------------------------


def test_find_and_iter_documents(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    write(tmp_path / "b" / "deep" / "z.html", HTML_PAGE)
    write(tmp_path / "b" / "a.txt", ARTICLE)
    write(tmp_path / "b" / "a.json", "{}")
    write(tmp_path / "b" / "a.txt.meta.json", "{}")
    write(tmp_path / "noext", ARTICLE)
    write(tmp_path / "notes.md", ARTICLE)
    write(tmp_path / "image.png", b"\x89PNG\x00")
    write(tmp_path / ".secret.txt", ARTICLE)
    write(tmp_path / ".hidden" / "x.txt", ARTICLE)
    write(tmp_path / "empty.txt", b"")
    found = find_documents([tmp_path])
    names = [file.relative_to(tmp_path).as_posix() for file in found]
    assert names == ["b/a.txt", "b/deep/z.html", "empty.txt", "noext", "notes.md"]
    assert find_documents([tmp_path / "notes.md", tmp_path / "b" / "a.json", tmp_path]) == found
    errors: list[tuple[Path, DocumentError]] = []
    documents = list(
        iter_documents([tmp_path], on_error=lambda path, error: errors.append((path, error)))
    )
    assert [document.id for document in documents] == ["a", "z", "noext", "notes"]
    assert [path.name for path, _ in errors] == ["empty.txt"]
    with pytest.raises(DocumentError):
        list(iter_documents([tmp_path]))
    with pytest.raises(DocumentError, match="no such file or folder"):
        find_documents([tmp_path / "nope"])


def test_document_from_bytes_matches_read_document(tmp_path: Path) -> None:
    from geo.document import document_from_bytes, read_metadata

    file = write(tmp_path / "page.html", HTML_PAGE.encode("utf-8"))
    write(tmp_path / "page.json", json.dumps({"outlet": "منفذ جانبي"}, ensure_ascii=False))
    from_file = read_document(file)
    from_bytes = document_from_bytes(
        file.read_bytes(), path=str(file), metadata=read_metadata(file)
    )
    assert from_bytes == from_file
    assert from_bytes.outlet == "منفذ جانبي"
    assert read_metadata(tmp_path / "absent.txt") == {}


# -- hostile input (issue 19, items 1 and 2) -------------------------------------------------

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def _encodable(document: object) -> None:
    """Everything a document holds can be written as UTF-8 JSON (as geo parse --json does)."""
    fields = {key: getattr(document, key) for key in ("id", "path", "title", "text", "metadata")}
    json.dumps(fields, ensure_ascii=False).encode("utf-8")


def test_lone_surrogate_in_a_json_sidecar_is_replaced_and_reported(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.json", '{"outlet": "Raqqa \\ud800 Post", "title": "\\udfff"}')
    document = read_document(article)
    assert document.metadata["outlet"] == "Raqqa \ufffd Post"
    assert "'outlet'" in document.metadata["metadata_warning"]
    assert "surrogate" in document.metadata["metadata_warning"]
    _encodable(document)


def test_lone_surrogate_in_front_matter_is_replaced(tmp_path: Path) -> None:
    article = write(
        tmp_path / "a.md", f'---\noutlet: "x \\ud800"\ndate: 2018-12-14\n---\n{ARTICLE}'
    )
    document = read_document(article)
    assert document.metadata["outlet"] == "x \ufffd" and document.text == ARTICLE
    _encodable(document)


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"caf\xe9 \xff.txt")
    document = read_document(write(tmp_path / name, ARTICLE))
    assert document.id == "caf\\xe9 \\xff"
    assert document.path.endswith("caf\\xe9 \\xff.txt")
    _encodable(document)


@pytest.mark.parametrize("where", ["sidecar", "front matter"])
def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, where: str) -> None:
    import time

    assert len(BILLION_LAUGHS.encode()) < 400
    if where == "sidecar":
        article = write(tmp_path / "a.txt", ARTICLE)
        write(tmp_path / "a.yaml", BILLION_LAUGHS)
    else:
        article = write(tmp_path / "a.md", f"---\n{BILLION_LAUGHS}\n---\n{ARTICLE}")
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"a\.(txt|md).*alias") as error:
        read_document(article)
    assert time.perf_counter() - started < 1.0
    assert "line 2" in str(error.value)


@pytest.mark.parametrize("value", ["2018-13-45", "!!timestamp x", "!!int x", "!!float x", "0x_"])
def test_yaml_values_pyyaml_cannot_construct(tmp_path: Path, value: str) -> None:
    article = write(tmp_path / "a.md", f"---\ndate: {value}\n---\n{ARTICLE}")
    assert read_document(article).text.startswith("---")  # not front matter: plain text
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "b.yaml", f"date: {value}\n")
    with pytest.raises(DocumentError, match="b.yaml is not valid YAML"):
        read_document(tmp_path / "b.txt")


def test_deep_yaml_and_large_sidecars_are_refused(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.yaml", "outlet: " + "[" * 30 + "]" * 30)
    with pytest.raises(DocumentError, match="deeper than 20"):
        read_document(article)
    write(tmp_path / "a.yaml", "outlet: " + "x" * (settings.MAX_METADATA_BYTES + 1))
    with pytest.raises(DocumentError, match="larger than the 64 KB"):
        read_document(article)
    (tmp_path / "a.yaml").unlink()
    write(tmp_path / "a.json", "[" * 50_000 + "]" * 50_000)
    with pytest.raises(DocumentError, match="a.json"):
        read_document(article)


def test_read_small_file_reads_at_most_the_limit(tmp_path: Path) -> None:
    class SmallFileError(GeoError):
        pass

    def read(path: Path) -> bytes:
        return read_small_file(
            path, 4, error=SmallFileError, unreadable="cannot read it", too_large="too large"
        )

    assert read(write(tmp_path / "four", b"1234")) == b"1234"
    with pytest.raises(SmallFileError, match="^too large$"):
        read(write(tmp_path / "five", b"12345"))
    with pytest.raises(SmallFileError, match="^cannot read it: No such file or directory$"):
        read(tmp_path / "missing")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_detected(tmp_path: Path, codec: str) -> None:
    document = read_document(write(tmp_path / "a.txt", ARTICLE.encode(codec)))
    assert document.text == ARTICLE and document.encoding == codec


def test_mac_arabic_is_read_as_mac_arabic(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "a.txt", ARTICLE.encode("mac_arabic")))
    assert document.text == ARTICLE and document.encoding == "mac_arabic"
    assert "Mac Arabic" in document.metadata["decode_warning"]


def test_latin1_is_not_read_as_another_code_page(tmp_path: Path) -> None:
    text = "Le café à Raqqa : les élèves, déjà partis vers Hajin, où ça brûle.\n" * 3
    document = read_document(write(tmp_path / "a.txt", text.encode("latin-1")))
    assert document.text == text and document.encoding == "cp1252"
    assert "Windows-1252" in document.metadata["decode_warning"]


def test_a_guessed_encoding_is_said_and_mojibake_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo import document as module

    text = "Москва и Санкт-Петербург: новости дня.\n" * 3  # readable, but neither Arabic nor Latin
    with pytest.raises(DocumentError, match="not readable Arabic or Latin"):
        read_document(write(tmp_path / "ru.txt", text.encode("koi8_r")))
    assert not module._readable("ÇáÑÞÉ ÈÇÊÌÇå åÌíä Ýí ÑíÝ ÏíÑ ÇáÒæÑ ÇáÔÑÞí")  # cp1256 read as Latin
    assert not module._readable("ศูฯ วไัโษ ศ๊ๆ โำฯ ่ฯวูิ ไสำไ๊ๅ็ว ั๊แ")  # Mac Arabic read as Thai
    assert not module._readable("الرقةé ب×ا ت÷ج اهé هجê نةè " * 3)  # words mixing scripts
    assert module._readable(ARTICLE) and module._readable("Raqqa and Hajin, " * 5)
    guessed = read_document(write(tmp_path / "cp720.txt", PROSE.replace("،", ",").encode("cp720")))
    assert guessed.text == PROSE.replace("،", ",")
    assert "guessed as cp720" in guessed.metadata["decode_warning"]


def test_fifo_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    import os
    import time

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"pipe\.txt is a named pipe \(FIFO\)"):
        read_document(fifo)
    assert time.perf_counter() - started < 1.0
    assert find_documents([tmp_path]) == []  # a folder walk skips it


def test_fifo_with_a_writer_is_read_and_a_silent_one_times_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import threading
    import time

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed(data: bytes, pause: float) -> None:
        with open(fifo, "wb") as sink:
            time.sleep(pause)
            sink.write(data)

    writer = threading.Thread(target=feed, args=(ARTICLE.encode("utf-8"), 0.2))
    writer.start()
    time.sleep(0.1)  # the writer has the pipe open
    assert read_document(fifo).text == ARTICLE
    writer.join()
    monkeypatch.setattr(settings, "SPECIAL_FILE_SECONDS", 0.3)
    writer = threading.Thread(target=feed, args=(b"", 1.0))
    writer.start()
    time.sleep(0.1)
    with pytest.raises(DocumentError, match="within 0.3 s"):
        read_document(fifo)
    writer.join()

    def trickle() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb", buffering=0) as sink:
            for _ in range(30):
                sink.write("ا".encode())
                time.sleep(0.05)

    writer = threading.Thread(target=trickle)
    writer.start()
    time.sleep(0.1)
    with pytest.raises(DocumentError, match="within 0.3 s"):
        read_document(fifo)  # a byte now and then: still bounded in time
    writer.join()


def test_devices_are_read_with_a_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_DOCUMENT_BYTES", 256 * 1024)
    with pytest.raises(DocumentError, match=r"/dev/zero is a character device that sent more"):
        read_document("/dev/zero")
    with pytest.raises(DocumentError, match="empty"):
        read_document("/dev/null")
