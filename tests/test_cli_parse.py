"""`geo parse`, `geo routes` and `geo eval` from the command line, including bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main

ARTICLE = "خرج عشرات المقاتلين من مدينة حمص باتجاه إدلب بحسب مصادر محلية.\n"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "huge": tmp_path / "huge.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    with files["huge"].open("wb") as handle:
        handle.write(
            ARTICLE.encode("utf-8") * (20 * 1024 * 1024 // len(ARTICLE.encode("utf-8")) + 1)
        )
    return files


@pytest.fixture()
def good_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "cp1256": tmp_path / "cp1256.txt",
        "utf16": tmp_path / "utf16.txt",
        "html": tmp_path / "page.html",
    }
    files["cp1256"].write_bytes(ARTICLE.encode("cp1256"))
    files["utf16"].write_bytes(ARTICLE.encode("utf-16"))
    files["html"].write_text(
        "<!doctype html><html><head><title>تقرير</title><script>var x=1;</script></head>"
        f"<body><nav>الرئيسية</nav><article><h1>تقرير</h1><p>{ARTICLE}</p></article></body></html>",
        encoding="utf-8",
    )
    return files


@pytest.mark.parametrize("kind", ["empty", "binary", "huge"])
def test_bad_files_give_a_clear_error_not_a_traceback(kind, bad_files, capsys) -> None:
    code, out, err = _run(["parse", str(bad_files[kind])], capsys)
    assert code == 1
    assert "Traceback" not in err and str(bad_files[kind].name) in err
    assert out == ""


@pytest.mark.parametrize("kind", ["cp1256", "utf16", "html"])
def test_other_encodings_and_html_are_read(kind, good_files, capsys) -> None:
    code, out, err = _run(["parse", "--json", str(good_files[kind])], capsys)
    assert code == 0, err
    document = json.loads(out)["documents"][0]
    names = [mention["text"] for mention in document["mentions"]]
    assert "حمص" in names and "إدلب" in names
    text_of = {"cp1256": ARTICLE, "utf16": ARTICLE}
    if kind in text_of:
        homs = next(m for m in document["mentions"] if m["text"] == "حمص")
        assert text_of[kind][homs["start"] : homs["end"]] == "حمص"


def test_good_and_bad_files_together_report_both(good_files, bad_files, capsys) -> None:
    code, out, err = _run(
        ["parse", "--json", str(good_files["cp1256"]), str(bad_files["empty"])], capsys
    )
    assert code == 1
    payload = json.loads(out)
    assert len(payload["documents"]) == 1
    assert payload["errors"][0]["path"].endswith("empty.txt")


def test_table_output_shows_reasons(good_files, capsys) -> None:
    code, out, _err = _run(["parse", str(good_files["cp1256"])], capsys)
    assert code == 0
    assert "حمص" in out and "why:" in out


def test_routes_table(good_files, capsys) -> None:
    code, out, _err = _run(["routes", str(good_files["cp1256"])], capsys)
    assert code == 0
    assert "حمص" in out and "إدلب" in out


def test_eval_without_gold_is_a_usage_error(tmp_path, capsys) -> None:
    code, _out, err = _run(["eval", "--gold", str(tmp_path)], capsys)
    assert code == 2 and "no gold toponyms" in err


def test_files_of_one_stem_in_two_folders_are_two_documents(tmp_path, capsys) -> None:
    # Two outlets' report.txt: two ids, two route ids, and each claim corroborates the other.
    paths = []
    for outlet in ("enab", "smart"):
        (tmp_path / outlet).mkdir()
        paths.append(tmp_path / outlet / "report.txt")
        paths[-1].write_text(ARTICLE, encoding="utf-8")
    unique = tmp_path / "other.txt"
    unique.write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run(["parse", "--json", *map(str, paths), str(unique)], capsys)
    assert code == 0, err
    documents = json.loads(out)["documents"]
    ids = [document["id"] for document in documents]
    assert len(set(ids)) == 3 and ids[2] == "other"
    assert all(doc_id.startswith("report-") for doc_id in ids[:2])
    routes = [route for document in documents for route in document["routes"]]
    assert len({route["id"] for route in routes}) == len(routes) == 3
    assert all(route["corroboration_count"] == 2 for route in routes)
    again = json.loads(_run(["parse", "--json", *map(str, paths), str(unique)], capsys)[1])
    assert [document["id"] for document in again["documents"]] == ids  # stable
