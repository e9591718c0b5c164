"""The question bank (data/question_bank.yaml): well-formed items, and the item-writing rules.

The bank feeds the chapters' self-checks and the seminars' readiness tests. Rules checked here:
every item loads (one key, three or more options, feedback on each); numbers come only from data
(the prose rule of tests/test_prose.py, applied to every field); every {fact}/{num} resolves; at
least five self-checks per chapter; four options for every question written after the first
sixteen; a calculation question in each chapter whose objectives ask for one; an objective number
the chapter has; the key the longest option in no more than a third of the questions (a test-wise
cue item-writing guides warn about); and at least eight readiness questions per seminar.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_prose import NUMBER, prose

from naltrexone.question_bank import BankError, key_is_longest, load_bank, plain_text, readiness_test, self_checks

QUESTIONS = load_bank()
CHAPTERS = sorted(p.stem for p in (ROOT / "book/chapters").glob("*.md"))
SEMINARS = sorted(p.stem for p in (ROOT / "book/teaching").glob("seminar-*.md"))
# The self-checks the chapters held before the bank; every question added since has four options.
FIRST_SIXTEEN = {
    f"q-{chapter}-{n}"
    for chapter, count in (
        ("introduction", 2),
        ("pharmacology", 2),
        ("pharmacokinetics", 2),
        ("safety", 2),
        ("clinical", 2),
        ("practice", 4),
        ("conclusions", 2),
    )
    for n in range(1, count + 1)
}


def _objectives(chapter: str) -> str:
    text = (ROOT / f"book/chapters/{chapter}.md").read_text(encoding="utf-8")
    return re.search(r"\{admonition\} Learning objectives\n(.*?)\n:{3,}\n", text, re.S).group(1)


def _texts(question):
    yield "stem", question.stem
    for n, option in enumerate(question.options):
        yield f"option {chr(97 + n)}", option.text
        yield f"feedback {chr(97 + n)}", option.feedback


def test_every_item_loads_and_ids_follow_their_page():
    assert len(QUESTIONS) >= 5 * len(CHAPTERS) + 8 * len(SEMINARS)
    for q in QUESTIONS:
        prefix = f"q-rat-{q.seminar.removeprefix('seminar-')}-" if q.use == "readiness" else f"q-{q.chapter}-"
        assert q.id.startswith(prefix), q.id


def test_a_broken_item_is_refused_with_its_id_and_the_fault(tmp_path):
    bad = tmp_path / "bank.yaml"
    bad.write_text(
        "questions:\n- id: q-x-1\n  use: self-check\n  chapter: safety\n  objective: 1\n"
        "  bloom: recall\n  professions: [medicine]\n  key: d\n  stem: Q?\n  options:\n"
        "    - {text: A, feedback: Why.}\n    - {text: B, feedback: Why.}\n"
        "    - {text: C, feedback: ''}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as err:
        load_bank(bad)
    message = str(err.value)
    assert "q-x-1: bloom must be one of" in message and "option c has no feedback" in message


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_no_number_is_typed_by_hand(question):
    bare = [f"{where}: {m.group()!r}" for where, text in _texts(question) for m in NUMBER.finditer(prose(text))]
    assert not bare, f"{question.id}: numbers not drawn from data/ (use {{fact}} or {{num}}): {bare}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_role_turns_into_plain_text(question):
    for where, text in _texts(question):
        plain = plain_text(text)  # raises on an unknown fact, label or role
        assert "{" not in plain and "`" not in plain, f"{question.id} {where}: {plain}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_new_questions_have_four_options(question):
    if question.id not in FIRST_SIXTEEN:
        assert len(question.options) == 4, f"{question.id}: {len(question.options)} options"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_the_objective_is_one_the_chapter_states(question):
    count = len(re.findall(r"^\d+\. ", _objectives(question.chapter), re.M))
    assert 1 <= question.objective <= count, f"{question.id}: {question.chapter} has {count} objectives"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_has_five_self_checks(chapter):
    assert len(self_checks(chapter, QUESTIONS)) >= 5


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_that_asks_for_calculation_has_a_calculation_question(chapter):
    if re.search(r"\*\*(calculate|compute)\*\*|arithmetic", _objectives(chapter)):
        assert any(q.calculation for q in self_checks(chapter, QUESTIONS)), f"{chapter}: none"


def test_the_key_is_rarely_the_longest_option():
    longest = [q.id for q in QUESTIONS if key_is_longest(q)]
    assert len(longest) * 3 <= len(QUESTIONS), (
        f"the key is the longest option in {len(longest)} of {len(QUESTIONS)} questions: {longest}"
    )


def test_the_key_is_not_often_the_shortest_option_either():
    """Rewriting keys to be short must not plant the opposite cue."""
    lengths = {q.id: [len(plain_text(o.text)) for o in q.options] for q in QUESTIONS}
    shortest = [q.id for q in QUESTIONS if lengths[q.id][q.key_index] == min(lengths[q.id])]
    assert len(shortest) * 3 <= len(QUESTIONS), f"the key is the shortest option in {len(shortest)}: {shortest}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_keys_are_spread_over_the_letters(question):
    """No letter is the key of more than half the bank (another cue a test-wise reader uses)."""
    keys = [q.key for q in QUESTIONS]
    assert keys.count(question.key) * 2 <= len(keys)


@pytest.mark.parametrize("seminar", SEMINARS)
def test_each_seminar_has_a_readiness_test_of_eight(seminar):
    items = readiness_test(seminar, QUESTIONS)
    assert len(items) >= 8, f"{seminar}: {len(items)} readiness questions"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_renders_its_bank_questions_once(chapter):
    text = (ROOT / f"book/chapters/{chapter}.md").read_text(encoding="utf-8")
    assert text.count(f"```{{self-check-bank}} {chapter}\n") == 1
    assert "{self-check}" not in text, "write self-checks in data/question_bank.yaml"


def test_readiness_questions_appear_on_no_page():
    pages = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md"))
    assert "{self-check-bank} seminar-" not in pages
    for q in QUESTIONS:
        assert q.id not in pages, f"{q.id} is named on a page"
