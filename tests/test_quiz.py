"""`make quiz`: each export, parsed back, holds every question with its key and every feedback."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from naltrexone.question_bank import bank, plain_text
from naltrexone.quiz import QTI_NS, gift_escape, group, write_all

QUESTIONS = list(bank())


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("quiz"), QUESTIONS)


def _expected():
    """id -> (stem, [(option, feedback, is_key)]) in plain text."""
    return {
        q.id: (
            plain_text(q.stem),
            [(plain_text(o.text), plain_text(o.feedback), i == q.key_index) for i, o in enumerate(q.options)],
        )
        for q in QUESTIONS
    }


def _gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_gift(text: str) -> dict:
    """A small GIFT reader for the subset the writer uses: ::id::stem { =right#fb ~wrong#fb }."""
    found = {}
    for block in re.findall(r"^::(.*?)\}$", text, re.M | re.S):
        qid, _, rest = block.partition("::")
        stem, _, body = (
            re.split(r"(?<!\\) \{$", rest, maxsplit=1, flags=re.M)[0],
            None,
            re.split(r"(?<!\\) \{$", rest, maxsplit=1, flags=re.M)[1],
        )
        options = []
        for line in body.strip().splitlines():
            line = line.strip()
            answer, feedback = re.split(r"(?<!\\)#", line[1:], maxsplit=1)
            options.append((_gift_unescape(answer), _gift_unescape(feedback), line[0] == "="))
        found[qid] = (_gift_unescape(stem), options)
    return found


def test_gift_escaping():
    assert gift_escape("a: {b} = ~c #d") == r"a\: \{b\} \= \~c \#d"
    assert _gift_unescape(gift_escape(r"x\y:z")) == r"x\y:z"


def test_gift_holds_every_question_key_and_feedback(exports):
    text = exports["gift"].read_text(encoding="utf-8")
    assert parse_gift(text) == _expected()
    categories = re.findall(r"^\$CATEGORY: naltrexone/(.+)$", text, re.M)
    assert sorted(categories) == sorted({group(q) for q in QUESTIONS})


def test_moodle_xml_holds_every_question_key_and_feedback(exports):
    root = ET.parse(exports["moodle"]).getroot()
    found = {}
    for item in root.findall("question[@type='multichoice']"):
        options = [
            (a.findtext("text"), a.findtext("feedback/text"), a.get("fraction") == "100")
            for a in item.findall("answer")
        ]
        found[item.findtext("name/text")] = (item.findtext("questiontext/text"), options)
        tags = {t.findtext("text") for t in item.findall("tags/tag")}
        assert {"bloom:" + next(q.bloom for q in QUESTIONS if q.id == item.findtext("name/text"))} <= tags
    assert found == _expected()


def test_qti_zip_holds_every_question_key_and_feedback(exports):
    ns = {"q": QTI_NS}
    found = {}
    with zipfile.ZipFile(exports["qti"]) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        files = [f.get("href") for f in manifest.iter() if f.tag.endswith("}file")]
        assert sorted(files) == sorted(n for n in archive.namelist() if n != "imsmanifest.xml")
        for name in files:
            root = ET.fromstring(archive.read(name))
            title = root.find("q:assessment", ns).get("title")
            assert title.startswith(("Self-check. ", "Readiness test. Seminar: ")), title
            for item in root.iterfind(".//q:item", ns):
                feedback = {
                    f.get("ident"): f.findtext(".//q:mattext", namespaces=ns)
                    for f in item.iterfind("q:itemfeedback", ns)
                }
                key = item.findtext(
                    "q:resprocessing/q:respcondition[@continue='No']/q:conditionvar/q:varequal", namespaces=ns
                )
                options = [
                    (
                        label.findtext(".//q:mattext", namespaces=ns),
                        feedback[label.get("ident") + "_fb"],
                        label.get("ident") == key,
                    )
                    for label in item.iterfind(".//q:response_label", ns)
                ]
                found[item.get("ident")] = (
                    item.findtext("q:presentation/q:material/q:mattext", namespaces=ns),
                    options,
                )
    assert found == _expected()


def test_exports_are_reproducible(exports, tmp_path):
    again = write_all(tmp_path, QUESTIONS)
    for kind, path in exports.items():
        assert path.read_bytes() == again[kind].read_bytes(), kind
