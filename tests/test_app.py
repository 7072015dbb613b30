"""The page, run in-process with Streamlit's AppTest: no exception, verdicts from the engine,
date changes, comparison, friendly messages for bad URL parameters, the explorer's diff.

Expected verdicts are asked of the engine (``graph.reasoning.ask``), never written here: the
page must show what the engine answers.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.load import load_default
from graph.presets import load_presets, preset_by_id
from graph.reasoning import ask
from graph.render import PATH_COLOUR
from graph.rulebook import rulebook_for
from graph.situation import situation_from_mapping

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
VIOLENCE = "medecin-violences-conjugales-sans-accord"


@pytest.fixture
def app() -> AppTest:
    """A fresh page with cleared caches (``cache_resource`` outlives AppTest instances)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def norms() -> None:
    """These verdicts come from the shipped norms: an empty rulebook is a failure, not a skip."""
    assert rulebook_for(load_default()).norms, "data/ ne contient aucune norme (sg:Norm)"


def engine_verdict(fields: dict) -> str:
    kb = load_default()
    return ask(kb, situation_from_mapping(dict(fields), rulebook_for(kb).vocabulary)).verdict


def shown_verdicts(at: AppTest) -> list[str]:
    """The verdicts the page shows (``data-verdict`` of each verdict banner), in order."""
    return [
        match
        for element in at.markdown
        for match in re.findall(r'class="sg-verdict" data-verdict="(\w+)"', element.value)
    ]


def graph_data(at: AppTest, index: int = 0) -> dict:
    """The data the page gave its graph component (``views.components.network``)."""
    return json.loads(at.get("bidi_component")[index].proto.json)


def graph_page(at: AppTest, index: int = 0) -> str:
    """The graph component's data as JSON text (what travels to the browser)."""
    return at.get("bidi_component")[index].proto.json


def click(at: AppTest, key: str, label: str, index: int = 0) -> AppTest:
    """Simulate a click on the node labelled ``label``: the component's state value, as its
    JavaScript sets it (``network.js``), then a rerun."""
    data = graph_data(at, index)
    node = next(n for n in data["nodes"] if n["label"] == label)
    at.session_state[key] = {
        "selected": {"id": node["id"], "graph": data["token"], "at": time.time()}
    }
    return at.run()


def panel_text(at: AppTest) -> str:
    """The panel of the clicked node (one Markdown block opening with its name), or ""."""
    blocks = [m.value for m in at.markdown if m.value.startswith("##### ") and "\n" in m.value]
    return " ".join(blocks)


def test_page_runs_and_opens_on_the_ille_et_vilaine_case(app):
    at = app.run()
    assert not at.exception
    first = load_presets()[0]
    assert first.id == "cd35-cdas-adresse-requisition-flagrance"
    assert at.selectbox(key="preset_choice").value == first.id
    assert shown_verdicts(at) == [engine_verdict(first.fields)]
    page = graph_page(at)
    assert "<img" not in page and "vis-network" not in page  # data only, the library is inlined
    assert graph_data(at)["nodes"] and not at.get("iframe")
    assert at.query_params["preset"] == first.id


def test_anas_preset_shows_obligation(app, norms):
    at = app.run()
    assert shown_verdicts(at)[0] == "obligation"
    assert PATH_COLOUR in graph_page(at)


def test_changing_the_date_of_the_domestic_violence_preset_flips_the_verdict(app, norms):
    at = app.run()
    at.selectbox(key="preset_choice").select(VIOLENCE).run()
    fields = dict(preset_by_id(load_presets(), VIOLENCE).fields)
    verdicts = {}
    for year in (2019, 2021):
        on = date(year, 6, 1)
        start = time.perf_counter()
        at.date_input(key="f_date").set_value(on).run()
        elapsed = time.perf_counter() - start
        assert not at.exception
        verdicts[year] = shown_verdicts(at)[0]
        assert verdicts[year] == engine_verdict({**fields, "date": on.isoformat()})
        assert elapsed < 3, f"rerun after a date change took {elapsed:.2f} s"
    assert verdicts == {2019: "interdit", 2021: "faculte"}


def test_compare_shows_both_answers(app):
    at = app.run()
    at.selectbox(key="preset_choice").select(VIOLENCE).run()
    at.toggle(key="cmp_on").set_value(True).run()
    at.radio(key="cmp_how").set_value("date").run()
    at.date_input(key="cmp_date").set_value(date(2021, 6, 1)).run()
    assert not at.exception
    fields = dict(preset_by_id(load_presets(), VIOLENCE).fields)
    main, left, right = shown_verdicts(at)
    assert main == left == engine_verdict(fields)
    assert right == engine_verdict({**fields, "date": "2021-06-01"})


def test_compare_two_actors(app):
    at = app.run()
    at.toggle(key="cmp_on").set_value(True).run()
    at.radio(key="cmp_how").set_value("actor").run()
    at.selectbox(key="cmp_actor").select("medecin").run()
    fields = dict(load_presets()[0].fields)
    assert shown_verdicts(at)[1:] == [
        engine_verdict(fields),
        engine_verdict({**fields, "actor": "medecin"}),
    ]


def test_unknown_query_parameters_get_a_friendly_message(app):
    app.query_params["preset"] = "inexistant"
    app.query_params["actor"] = "<img src=x onerror=alert(1)>"
    app.query_params["date"] = "1789-07-14"
    app.query_params["mode"] = "nimporte"
    app.query_params["zzz"] = "1"
    at = app.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "inexistant" in warnings and "n'est pas une valeur connue" in warnings
    assert "1994" in warnings and "nimporte" in warnings and "zzz" in warnings
    assert shown_verdicts(at) == [engine_verdict(load_presets()[0].fields)]


def test_url_fields_are_loaded_into_the_form(app):
    app.query_params["preset"] = VIOLENCE
    app.query_params["date"] = "2021-06-01"
    at = app.run()
    assert not at.exception and not at.warning
    assert at.date_input(key="f_date").value == date(2021, 6, 1)
    fields = dict(preset_by_id(load_presets(), VIOLENCE).fields)
    assert shown_verdicts(at) == [engine_verdict({**fields, "date": "2021-06-01"})]
    assert at.query_params["date"] == "2021-06-01"


def test_step_mode_reveals_the_trace_one_step_at_a_time(app):
    at = app.run()
    verdict = shown_verdicts(at)
    at.toggle(key="step_mode").set_value(True).run()
    assert any("Étape 0 /" in m.value for m in at.markdown)
    assert shown_verdicts(at) == [] and "Verdict masqué" in at.info[0].value
    before = graph_page(at)
    at.button[1].click().run()  # « Suivante »
    assert any("Étape 1 /" in m.value for m in at.markdown)
    assert graph_page(at) != before
    at.button[2].click().run()  # « Tout »: the verdict comes last
    assert shown_verdicts(at) == verdict
    assert not at.exception


def test_explorer_shows_the_word_diff_of_226_14(app):
    app.query_params["mode"] = "explorateur"
    app.query_params["article"] = "CP 226-14"
    app.query_params["on"] = "2021-06-01"
    at = app.run()
    assert not at.exception and not at.warning
    (diff,) = [h.proto.body for h in at.get("html") if "sg-diff" in h.proto.body]
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", diff, flags=re.S))
    assert "violences exercées au sein du couple" in inserted
    assert any(n["kind"] == "article" for n in graph_data(at)["nodes"])


def test_explorer_search_opens_a_node(app):
    app.query_params["mode"] = "explorateur"
    at = app.run()
    at.text_input(key="ex_q").input("violences couple").run()
    at.button(key="ex_hit_0").click().run()
    assert not at.exception
    assert "violences" in at.session_state.ex_node


def test_unknown_article_in_the_url_is_explained(app):
    app.query_params["mode"] = "explorateur"
    app.query_params["article"] = "CP 999-99"
    at = app.run()
    assert not at.exception
    assert any("article inconnu" in w.value for w in at.warning)


def test_exports_offer_memo_json_and_graph(app):
    at = app.run()
    buttons = at.get("download_button")
    assert len(buttons) == 3
    labels = [b.proto.label for b in buttons]
    assert labels == ["Mémo (Markdown)", "Réponse (JSON)", "Graphe (HTML autonome)"]


def test_explorer_links_two_articles_as_exploration(app):
    app.query_params["mode"] = "explorateur"
    app.query_params["article"] = "CP 226-14"
    at = app.run()
    at.text_input(key="ex_q2").input("CP 226-13").run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "pas une réponse juridique" in texts
    assert "CP 226\\-13" in texts  # a path ends on the target (Markdown-escaped label)
    assert len(at.get("bidi_component")) == 2
    assert not at.get("iframe")


EXTRA_ACTOR = """@prefix actor: <https://id.secret-graph.invalid/concept/actor/> .
actor:mediateur-familial a skos:Concept ; skos:notation "mediateur-familial" ;
    skos:prefLabel "Médiateur familial <img src=x onerror=alert(1)>"@fr ;
    skos:definition "Un médiateur familial."@fr ;
    skos:inScheme <https://id.secret-graph.invalid/scheme/actor> .
"""


def test_an_uploaded_turtle_file_is_validated_before_use():
    from views.upload import MAX_BYTES, extended

    base = load_default()
    kb, problems = extended(base, "extra.ttl", EXTRA_ACTOR.encode())
    assert problems == [] and kb is not None
    assert kb.network.number_of_nodes() == base.network.number_of_nodes() + 1
    assert "mediateur-familial" not in str(list(base.network.nodes))  # the shared base is intact
    _, problems = extended(base, "../../etc/x.ttl", b"sgr:x a ;;; .")
    assert problems[0].startswith("x.ttl:1: syntaxe Turtle invalide")
    _, problems = extended(base, "big.ttl", b"#" * (MAX_BYTES + 1))
    assert "trop gros" in problems[0]
    article = b"<https://id.secret-graph.invalid/article/X_1> a eli:LegalResourceSubdivision ."
    _, problems = extended(base, "shape.ttl", article)
    assert any("ArticleShape" in p for p in problems)
    _, problems = extended(base, "latin1.ttl", "é".encode("latin-1"))
    assert "UTF-8" in problems[0]


def test_an_uploaded_base_serves_only_its_session(app):
    from views.upload import extended

    kb, _ = extended(load_default(), "extra.ttl", EXTRA_ACTOR.encode())
    at = app.run()
    at.session_state["kb_extra"] = kb
    at.session_state["kb_extra_key"] = "test"
    at.session_state["kb_extra_name"] = "extra.ttl"
    at.run()
    assert not at.exception
    options = at.selectbox(key="f_actor").options  # AppTest shows the formatted labels
    assert "Médiateur familial <img src=x onerror=alert(1)>" in options
    other = AppTest.from_file(APP, default_timeout=60).run()
    assert not any("Médiateur" in option for option in other.selectbox(key="f_actor").options)


def test_the_first_preset_is_the_first_public_example():
    import yaml

    example = yaml.safe_load((ROOT / "tests/scenarios/examples.yaml").read_text("utf-8"))[0]
    first = load_presets()[0]
    assert first.id == example["id"]
    wanted = {k: v for k, v in example.items() if k not in ("id", "title", "expect")}
    assert dict(first.fields) == {**wanted, "date": example["date"].isoformat()}


def test_every_preset_is_a_valid_situation():
    kb = load_default()
    vocabulary = rulebook_for(kb).vocabulary
    for preset in load_presets():
        assert situation_from_mapping(dict(preset.fields), vocabulary).act


def test_the_form_asks_for_a_framework_only_where_a_norm_tests_one(app):
    from graph.presets import relevant_choices

    book = rulebook_for(load_default())
    assert {"requisition-flagrance", "requisition-preliminaire"} <= relevant_choices(
        book, "remettre"
    ).frameworks
    assert not relevant_choices(book, "signaler").frameworks & {"requisition-flagrance"}
    at = app.run()
    assert "Dans quel cadre ?" in [s.label for s in at.selectbox]
    at.selectbox(key="preset_choice").select(VIOLENCE).run()
    labels = [s.label for s in at.selectbox]
    assert ("Dans quel cadre ?" in labels) == bool(relevant_choices(book, "signaler").frameworks)
    assert "Accord de la personne concernée" in [r.label for r in at.radio]


def expected_card(label: str, on: date, status: str | None = None) -> list[str]:
    """What the panel of the node labelled ``label`` must show, as ``graph.cards`` reads it
    (escaped for Markdown as the page writes it)."""
    from graph.cards import node_card
    from views.common import md

    kb = load_default()
    node = next(n for n, a in kb.network.nodes(data=True) if a.get("label") == label)
    card = node_card(kb, node, on, {node: status} if status else None)
    shown = [f"##### {md(card.label)}", *(f"**{md(k)}** : {md(v)}" for k, v in card.facts)]
    return shown + ([md(" ".join(card.text.split()))] if card.text else [])


def test_clicking_a_node_opens_its_panel(app):
    at = app.run()
    assert panel_text(at) == ""
    on = date.fromisoformat(load_presets()[0].fields["date"])
    norm = "Interdiction de révéler une information secrète (CP 226-13)"
    at = click(at, "sc_graph", norm)
    assert not at.exception
    text = panel_text(at)
    assert all(part in text for part in expected_card(norm, on, "neutralisee")), text
    assert "**Effet**" in text and "**Fondée sur** : CP 226\\-13" in text
    assert "Neutralisée" in text  # its status in this answer's trace
    at = click(at, "sc_graph", "CP 226-13")
    text = panel_text(at)
    assert all(part in text for part in expected_card("CP 226-13", on)), text
    assert "En vigueur le" in text and "Voir sur Légifrance" in text
    at.button(key="sc_panel_close").click().run()
    assert panel_text(at) == ""


def test_a_click_on_a_previous_drawing_is_ignored(app):
    at = app.run()
    node = graph_data(at)["nodes"][0]
    at.session_state["sc_graph"] = {"selected": {"id": node["id"], "graph": "old", "at": 1}}
    at.run()
    assert not at.exception and panel_text(at) == ""


def test_clicking_a_node_in_the_explorer_opens_it(app):
    app.query_params["mode"] = "explorateur"
    app.query_params["article"] = "CP 226-14"
    at = app.run()
    before = at.session_state.ex_node
    data = graph_data(at)
    target = next(n for n in data["nodes"] if n["kind"] == "norm")
    at = click(at, "ex_graph", target["label"])
    assert not at.exception
    assert at.session_state.ex_node != before
    assert load_default().network.nodes[at.session_state.ex_node]["kind"] == "norm"
    from views.common import md

    assert f"### {md(target['label'].rstrip(' …'))}" in " ".join(m.value for m in at.markdown)


def test_only_decisive_freshness_warnings_show_in_full(app):
    """Ille-et-Vilaine: the press exception (Loi 1881 art. 2) was rejected, so the warning on
    its sources is folded away; nothing above the trace speaks of it."""
    at = app.run()
    folded = [e for e in at.expander if e.label.startswith("Sources à vérifier")]
    assert len(folded) == 1
    assert any("1881" in w.value for w in folded[0].warning)
    assert sum("1881" in w.value for w in at.warning) == 1


def test_compare_opens_on_the_date_the_answer_changes_without_doubled_notations(app):
    at = app.run()
    at.selectbox(key="preset_choice").select(VIOLENCE).run()
    at.toggle(key="cmp_on").set_value(True).run()
    assert not at.exception
    # Loi n° 2020-936: CP 226-14 covers domestic violence from 1 August 2020.
    assert at.date_input(key="cmp_date").value == date(2020, 8, 1)
    _, left, right = shown_verdicts(at)
    assert left != right
    for line in (li for block in at.markdown for li in block.value.splitlines()):
        for notation in re.findall(r"\\\(([^()]+)\\\)", line):
            assert line.count(f"\\({notation}\\)") <= 1, line


def test_compare_and_step_mode_round_trip_through_the_url(app):
    """The comparison and step mode go into the URL, and that URL opens them again."""
    at = app.run()
    at.selectbox(key="preset_choice").select(VIOLENCE).run()
    at.toggle(key="cmp_on").set_value(True).run()
    at.date_input(key="cmp_date").set_value(date(2021, 6, 1)).run()
    at.toggle(key="step_mode").set_value(True).run()
    at.button[1].click().run()  # « Suivante »
    at.button[1].click().run()
    params = {k: at.query_params[k] for k in ("compare", "other_date", "step", "preset")}
    assert params == {
        "compare": "date",
        "other_date": "2021-06-01",
        "step": "2",
        "preset": VIOLENCE,
    }
    st.cache_data.clear()
    st.cache_resource.clear()
    again = AppTest.from_file(APP, default_timeout=60)
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.run()
    assert not again.exception and not again.warning
    assert again.toggle(key="cmp_on").value and again.toggle(key="step_mode").value
    assert again.date_input(key="cmp_date").value == date(2021, 6, 1)
    assert any("Étape 2 /" in m.value for m in again.markdown)
    assert again.query_params["step"] == "2"
    other = AppTest.from_file(APP, default_timeout=60)
    other.query_params.update(compare="actor", other_actor="medecin")
    other.run()
    assert other.radio(key="cmp_how").value == "actor"
    assert other.selectbox(key="cmp_actor").value == "medecin"


def test_bad_compare_and_step_parameters_are_explained(app):
    app.query_params.update(compare="x", other_date="2031-02-30", other_actor="<b>", step="-1")
    at = app.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "compare" in warnings and "other\\_date" in warnings and "step" in warnings
    assert "n'est pas une valeur connue" in warnings
    assert not at.toggle(key="step_mode").value and not at.toggle(key="cmp_on").value


def test_explorer_filters_apply_to_the_drawn_graph(app):
    app.query_params.update(mode="explorateur", article="CP 226-14", on="2019-06-01")
    at = app.run()
    at.radio(key="ex_depth").set_value(2).run()
    kinds = {n["kind"] for n in graph_data(at)["nodes"]}
    versions = sum(n["kind"] == "version" for n in graph_data(at)["nodes"])
    assert "version" in kinds and versions > 1
    at.checkbox(key="ex_only_then").check().run()
    assert sum(n["kind"] == "version" for n in graph_data(at)["nodes"]) == 1
    at.multiselect(key="ex_kinds").set_value(["article", "norm"]).run()
    assert not at.exception
    assert {n["kind"] for n in graph_data(at)["nodes"]} <= {"article", "norm", "concept", "scheme"}
    assert any("masqué(s) par les filtres" in c.value for c in at.caption)


def test_streamlit_refuses_uploads_bigger_than_one_megabyte():
    """``server.maxUploadSize`` (MB) stops big files before ``views.upload`` reads them."""
    import tomllib

    from views.upload import MAX_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"]
    assert limit == 1 and limit * 1024 * 1024 >= MAX_BYTES
