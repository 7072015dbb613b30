"""The word diff shows exactly what a reform changed, and its HTML is inert."""

from __future__ import annotations

from datetime import date

from graph.textdiff import changed, diff_block, diff_html, tokens, word_diff


def _rebuild(segments, keep):
    return "".join(s.text for s in segments if s.op in keep)


def test_both_texts_can_be_rebuilt_from_the_segments():
    old = "Le médecin qui, avec l'accord de la victime, porte à la connaissance du procureur…"
    new = "Le médecin ou tout autre professionnel de santé qui, avec l'accord de la victime, porte…"
    segments = word_diff(old, new)
    assert _rebuild(segments, {"equal", "delete"}) == old
    assert _rebuild(segments, {"equal", "insert"}) == new
    assert [s.text for s in segments if s.op == "insert"] == [
        " ou tout autre professionnel de santé"
    ]


def test_item_numbers_and_punctuation_are_words():
    assert tokens("1° Au médecin ;") == ["1", "°", " ", "Au", " ", "médecin", " ", ";"]
    segments = word_diff("2° Au médecin ;", "3° Au médecin ;")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [
        ("delete", "2"),
        ("insert", "3"),
    ]


def test_identical_texts_are_not_changed():
    assert not changed(word_diff("Même texte.", "Même texte."))
    assert changed(word_diff("Un texte.", "Un autre texte."))


def test_html_is_escaped_and_only_uses_del_and_ins():
    page = diff_html(word_diff("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"))
    assert "<script" not in page and "<img" not in page
    assert set(__import__("re").findall(r"</?(\w+)", page)) <= {"del", "ins"}
    assert diff_block(word_diff("a", "b")).startswith("<style>")


def test_cp_226_14_between_2019_and_2021_shows_the_couple_violence_item():
    from graph.load import load_default
    from graph.versions import version_in_force

    kb = load_default()
    article = kb.article_by_notation("CP 226-14")
    before = version_in_force(kb, article, date(2019, 6, 1))
    after = version_in_force(kb, article, date(2021, 6, 1))
    assert before and after and before.version != after.version
    inserted = " ".join(s.text for s in word_diff(before.text, after.text) if s.op == "insert")
    assert "violences exercées au sein du couple" in inserted
