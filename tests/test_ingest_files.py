"""Reading files: every bad input becomes a Rejected with a reason, and the rest of the batch goes on."""

from __future__ import annotations

import gzip
import json
import tracemalloc

from sitrep.ingest.files import Rejected, decode, read_inputs, read_url_list
from sitrep.records import Article

STORY = (
    "Armed men attacked a police post in the town of Kelo on Sunday night, killing two officers, "
    "the regional governor said on Monday. The attackers escaped on motorbikes."
)
PAGE = f"""<html><head><title>Police post attacked</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Police post attacked</h1><p>{STORY}</p><p>{STORY.replace("Kelo", "Bongor")}</p></article>
<footer>Copyright Example Daily. Subscribe to our newsletter.</footer></body></html>"""


def _read(path) -> list[Article | Rejected]:
    return list(read_inputs(str(path)))


def test_a_folder_with_bad_files_keeps_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "page.html").write_text(PAGE)
    items = _read(tmp_path)
    good = sorted(i.id for i in items if isinstance(i, Article))
    bad = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, Rejected)}
    assert good == ["good.txt", "page.html"]
    assert bad == {"empty.txt": "empty file", "image.html": "binary content, not HTML"}


def test_html_page_yields_article_text_without_furniture(tmp_path):
    (tmp_path / "page.html").write_text(PAGE)
    [article] = _read(tmp_path / "page.html")
    assert "two officers" in article.text and "Subscribe" not in article.text
    assert article.title == "Police post attacked"


def test_html_page_with_no_article_text_is_rejected(tmp_path):
    (tmp_path / "menu.html").write_text(
        "<html><body><nav><a href='/a'>A</a><a href='/b'>B</a></nav></body></html>"
    )
    [item] = _read(tmp_path / "menu.html")
    assert isinstance(item, Rejected) and "no article text" in item.reason


def test_a_200_mb_file_is_refused_by_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # sparse: the size is real, the disk blocks are not
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    [item] = _read(huge)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(item, Rejected) and "200 MiB" in item.reason and "cap" in item.reason
    assert peak < 5 * 1024 * 1024


def test_a_huge_jsonl_line_is_refused_and_the_next_line_still_read(tmp_path, monkeypatch):
    from sitrep.ingest import files

    monkeypatch.setattr(files, "MAX_RECORD_BYTES", 1000)
    path = tmp_path / "rows.jsonl"
    long_row = json.dumps({"id": "long", "text": "x" * 5000})
    path.write_text(long_row + "\n" + json.dumps({"id": "short", "text": STORY}) + "\n")
    items = _read(path)
    assert isinstance(items[0], Rejected) and "cap" in items[0].reason
    assert [i.id for i in items if isinstance(i, Article)] == ["short"]


def test_invalid_utf8_and_mixed_encodings_decode_without_mojibake():
    mixed = "Café in Lomé — ".encode() + "naïve résumé".encode("cp1252") + b" \x81 end"
    text = decode(mixed)
    assert text.startswith("Café in Lomé — naïve résumé")  # UTF-8 part intact, cp1252 part read
    assert text.endswith(" end")
    assert decode("Señor Núñez".encode("cp1252")) == "Señor Núñez"
    assert decode(b"\xef\xbb\xbfBOM text") == "BOM text"


def test_invalid_utf8_file_still_becomes_an_article(tmp_path):
    (tmp_path / "legacy.txt").write_bytes(STORY.replace("Kelo", "Kélo").encode("cp1252"))
    [article] = _read(tmp_path / "legacy.txt")
    assert "Kélo" in article.text


def test_jsonl_line_that_is_not_json_is_rejected_and_others_kept(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": STORY})
        + "\n{not json\n[1, 2]\n"
        + json.dumps({"id": "b", "text": STORY})
        + "\n"
    )
    items = _read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b"]
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert reasons[0].startswith("line is not JSON") and reasons[1] == "line is JSON but not an object"
    assert [i.source for i in items if isinstance(i, Rejected)] == ["batch.jsonl:2", "batch.jsonl:3"]


def test_truncated_gzip_keeps_the_complete_rows_and_reports_the_cut(tmp_path):
    rows = "".join(json.dumps({"id": f"r{i}", "text": f"{STORY} Row {i}."}) + "\n" for i in range(200))
    data = gzip.compress(rows.encode())
    path = tmp_path / "rows.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = _read(path)
    articles = [i for i in items if isinstance(i, Article)]
    assert 0 < len(articles) < 200 and articles[0].id == "r0"
    assert isinstance(items[-1], Rejected) and "truncated or corrupt gzip" in items[-1].reason


def test_gzipped_html_and_csv_are_read(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "rows.csv").write_text(f'id,text,published\nc1,"{STORY}",2026-03-01\nc2,,\n')
    items = _read(tmp_path)
    assert sorted(i.id for i in items if isinstance(i, Article)) == ["c1", "page.html.gz"]
    assert [i.reason for i in items if isinstance(i, Rejected)] == [
        'no text: give a non-empty "text" or "html" field'
    ]


def test_csv_without_text_column_is_rejected(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    [item] = _read(tmp_path / "x.csv")
    assert isinstance(item, Rejected) and "header" in item.reason


def test_doc_ids_by_path_are_unique_across_folders(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(STORY)
    ids = [i.id for i in read_inputs(str(tmp_path), doc_ids="path")]
    assert len(set(ids)) == 2 and all(i.startswith(str(tmp_path)) for i in ids)


def test_url_list_is_recognised_and_a_story_is_not(tmp_path):
    (tmp_path / "urls.txt").write_text("# my sources\nhttps://a.example/1\n\nhttp://b.example/2\n")
    (tmp_path / "story.txt").write_text(STORY)
    assert read_url_list(tmp_path / "urls.txt") == ["https://a.example/1", "http://b.example/2"]
    assert read_url_list(tmp_path / "story.txt") is None
