"""Explorer mode: search, filters, a node's neighbourhood, an article page with its dated
versions and a word diff, and « Ce qui relie X à Y » (exploration, not a legal answer).

Layout only: ``graph.search`` finds nodes, ``graph.neighbourhood`` and ``graph.paths`` walk the
graph, ``graph.cards`` reads a node, ``graph.versions`` dates the texts,
``graph.textdiff`` compares them.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from graph import cards, neighbourhood, search, textdiff
from graph.load import KnowledgeBase
from graph.paths import paths_between, relation_names
from graph.render import KIND_STYLES, RELATION_NAMES
from graph.versions import (
    EARLIEST_DATE,
    Version,
    french_date,
    freshness_warning,
    legifrance_url,
    version_in_force,
    versions_of,
)
from views import common, resources, urlstate
from views.graphview import forget_selection, show_graph

DEFAULT_ARTICLE = "CP 226-14"
#: No kind filter at first (« Tous »): the article page's graph shows its versions and code.
DEFAULT_KINDS: list[str] = []


def _kind_name(kind: str) -> str:
    return KIND_STYLES.get(kind, KIND_STYLES["other"]).name


def _label(kb: KnowledgeBase, node: str) -> str:
    return str(kb.network.nodes[node].get("label") or node)


def _first(kb: KnowledgeBase, node: str, key: str) -> str:
    values = kb.network.nodes[node].get(key) or ()
    return str(values[0]) if values else ""


def init_state(url: urlstate.UrlState, kb: KnowledgeBase) -> None:
    """First explorer run of a session: the URL's article and date, else CP 226-14 today."""
    if "ex_node" not in st.session_state:
        st.session_state.ex_node = url.article or kb.article_by_notation(DEFAULT_ARTICLE)
    st.session_state.setdefault("ex_on", url.on or date.today())


def sidebar(kb: KnowledgeBase) -> None:
    """Search box, kind filter and date filter; picking a result selects the node."""
    query = st.text_input("Rechercher", key="ex_q", placeholder="CP 226-14, signalement, ASE…")
    options = list(search.SEARCHABLE_KINDS)
    st.session_state.setdefault("ex_kinds", DEFAULT_KINDS)
    kinds = st.multiselect(
        "Types (recherche et graphe)",
        options,
        key="ex_kinds",
        format_func=search.SEARCHABLE_KINDS.get,
        placeholder="Tous",
    )
    st.date_input(
        "Date",
        key="ex_on",
        min_value=EARLIEST_DATE,
        max_value=date.today(),
        format="DD/MM/YYYY",
        help="Texte en vigueur affiché, et filtre des résultats et du graphe si la case est "
        "cochée.",
    )
    only_then = st.checkbox("Seulement ce qui existe à cette date", key="ex_only_then")
    if not query.strip():
        return
    hits = search.search(kb.network, query, kinds=kinds, limit=60)
    if only_then:
        hits = [h for h in hits if search.alive_on(kb, h.node, st.session_state.ex_on)]
    if not hits:
        st.info("Aucun résultat.")
        return
    st.caption(f"{len(hits)} résultat(s) : cliquez pour ouvrir.")
    for index, hit in enumerate(hits):
        st.button(
            f"{hit.label} — {_kind_name(hit.kind)}",
            key=f"ex_hit_{index}",
            on_click=st.session_state.update,
            kwargs={"ex_node": hit.node},
            help=hit.snippet or None,
            width="stretch",
        )


def _version_name(version: Version) -> str:
    if version.start is None:
        return f"version non datée (rang {version.rank})"
    end = f" au {french_date(version.end)}" if version.end else ""
    return f"du {french_date(version.start)}{end}"


def text_in_force(kb: KnowledgeBase, article: str, on: date) -> None:
    notation = _label(kb, article)
    found = version_in_force(kb, article, on)
    st.markdown(f"#### Texte en vigueur le {french_date(on)}")
    if found is None:
        st.info(f"Aucune version datée de {notation} n'est en vigueur le {french_date(on)}.")
        return
    version = next(v for v in versions_of(kb, article) if v.id == found.version)
    st.caption(f"Version {_version_name(version)} — texte {found.status}")
    st.markdown(common.md(found.text) if found.text else "*Texte absent des sources.*")
    if found.beyond_horizon and found.horizon:
        common.warn([freshness_warning(notation, found.horizon, on, legifrance_url(kb, article))])
    if found.undated_candidates:
        st.caption(
            f"{len(found.undated_candidates)} version(s) non datée(s) pourraient aussi "
            "être en vigueur à cette date."
        )


def version_diff(kb: KnowledgeBase, article: str, on: date) -> None:
    """Two versions of the article and their word-by-word diff (default: the one in force on the
    chosen date and the one before it)."""
    versions = [v for v in versions_of(kb, article) if v.text]
    if len(versions) < 2:
        st.caption("Une seule version connue : rien à comparer.")
        return
    ids = [v.id for v in versions]
    names = {v.id: _version_name(v) for v in versions}
    found = version_in_force(kb, article, on)
    new = found.version if found and found.version in ids else ids[-1]
    old = ids[max(ids.index(new) - 1, 0)]
    if (
        st.session_state.get("ex_diff_article") != article
        or st.session_state.get("ex_diff_on") != on
    ):
        st.session_state.ex_diff_article = article
        st.session_state.ex_diff_on = on
        st.session_state.ex_old = old
        st.session_state.ex_new = new
    left, right = st.columns(2)
    left.selectbox("Ancienne version", ids, key="ex_old", format_func=names.get)
    right.selectbox("Nouvelle version", ids, key="ex_new", format_func=names.get)
    texts = {v.id: v.text or "" for v in versions}
    segments = textdiff.word_diff(texts[st.session_state.ex_old], texts[st.session_state.ex_new])
    if not textdiff.changed(segments):
        st.caption("Les deux textes sont identiques.")
    st.html(textdiff.diff_block(segments))
    st.caption("Barré en rouge : mots supprimés. Souligné en vert : mots ajoutés.")


def _node_list(kb: KnowledgeBase, title: str, nodes: tuple[str, ...], text_key: str) -> None:
    st.markdown(f"#### {title} ({len(nodes)})")
    if not nodes:
        st.caption("Aucun(e) dans la base.")
    for node in nodes:
        text = _first(kb, node, text_key)
        st.markdown(
            f"- **{common.md(_label(kb, node))}**" + (f" — {common.md(text)}" if text else "")
        )


def article_page(kb: KnowledgeBase, article: str, on: date) -> set[str]:
    """Everything about one article; returns the nodes to draw."""
    notation = _label(kb, article)
    title = _first(kb, article, "dcterms:title")
    st.markdown(f"### {common.md(notation)}" + (f" — {common.md(title)}" if title else ""))
    url = legifrance_url(kb, article)
    if url.startswith("https://www.legifrance.gouv.fr"):
        st.markdown(f"[Voir sur Légifrance]({url})")
    text_in_force(kb, article, on)
    with st.expander(f"Versions ({len(versions_of(kb, article))})"):
        for version in versions_of(kb, article):
            amending = f" — {version.amending_text}" if version.amending_text else ""
            st.markdown(f"- {common.md(_version_name(version) + amending)} ({version.status})")
    st.markdown("#### Comparer deux versions, mot à mot")
    version_diff(kb, article, on)
    links = neighbourhood.article_links(kb.network, article)
    _node_list(kb, "Normes lues dans cet article", links.norms, "skos:definition")
    _node_list(kb, "Décisions qui l'interprètent", links.decisions, "dcterms:abstract")
    found = version_in_force(kb, article, on)
    return neighbourhood.article_view_nodes(kb.network, article, found.version if found else None)


def node_page(kb: KnowledgeBase, node: str) -> None:
    panel = cards.node_panel(kb.network, node)
    st.markdown(f"### {common.md(panel.label)}")
    st.caption(_kind_name(panel.kind))
    for key, value in panel.literals:
        st.markdown(f"**{common.md(key)}** : {common.md(value)}")
    if panel.links:
        st.markdown("#### Liens")
    for link in panel.links:
        name = RELATION_NAMES.get(link.relation, link.relation)
        arrow = "→" if link.outgoing else "←"
        st.markdown(f"- {arrow} *{common.md(name)}* : {common.md(link.label)}")


def connections(kb: KnowledgeBase, source: str) -> None:
    """« Ce qui relie X à Y »: bounded paths, drawn on the graph, labelled as exploration."""
    st.caption(
        "Exploration du graphe : ces chemins montrent comment les données sont reliées ; "
        "ce n'est pas une réponse juridique (voir le mode scénario)."
    )
    query = st.text_input("Relier à", key="ex_q2", placeholder="CP 226-13, médecin…")
    hits = search.search(kb.network, query, limit=20) if query.strip() else []
    if not hits:
        return
    labels = {h.node: f"{h.label} — {_kind_name(h.kind)}" for h in hits}
    target = st.selectbox("Cible", list(labels), key="ex_target", format_func=labels.get)
    left, middle, right = st.columns([3, 2, 2])
    relations = left.multiselect(
        "Relations suivies (toutes si vide)",
        relation_names(kb.network),
        key="ex_rels",
        format_func=lambda r: RELATION_NAMES.get(r, r),
        placeholder="Toutes",
    )
    cutoff = middle.slider("Longueur max.", 1, 6, 4, key="ex_cutoff")
    undirected = right.checkbox("Sans tenir compte du sens", key="ex_undirected")
    paths = paths_between(
        kb.network, source, target, relations=relations, cutoff=cutoff, undirected=undirected
    )
    if not paths:
        st.info("Aucun chemin dans ces limites.")
        return
    nodes: set[str] = set()
    for path in paths:
        nodes |= set(path.nodes)
        steps = [common.md(_label(kb, path.nodes[0]))]
        for relation, node in zip(path.relations, path.nodes[1:], strict=True):
            name = RELATION_NAMES.get(relation.removeprefix("← "), relation)
            arrow = "←" if relation.startswith("← ") else "→"
            steps.append(f"{arrow} *{common.md(name)}* {arrow} {common.md(_label(kb, node))}")
        st.markdown("- " + " ".join(steps))
    shown = show_graph(
        nodes, path=nodes, height=380, caption="Chemins trouvés (exploration).", key="ex_paths"
    )
    open_clicked(shown.selected, "ex_paths")


def open_clicked(selected: str | None, key: str) -> None:
    """A node clicked on an explorer graph becomes the node shown (its page, its neighbours)."""
    if selected is None:
        return
    forget_selection(key)
    if selected != st.session_state.ex_node:
        st.session_state.ex_node = selected
        st.rerun()


def show(url: urlstate.UrlState) -> None:
    """Explorer mode."""
    kb = resources.knowledge_base()
    init_state(url, kb)
    with st.sidebar:
        sidebar(kb)
    node = st.session_state.ex_node
    on = st.session_state.ex_on
    st.title("Explorateur")
    is_article = kb.network.nodes[node].get("kind") == "article"
    st.query_params.from_dict(
        urlstate.explorer_params(_label(kb, node) if is_article else None, on)
    )
    left, right = st.columns([5, 6])
    with left:
        drawn = article_page(kb, node, on) if is_article else None
        if not is_article:
            node_page(kb, node)
    with right:
        depth = st.radio(
            "Voisinage",
            [1, 2],
            horizontal=True,
            key="ex_depth",
            format_func=lambda d: f"profondeur {d}",
        )
        if drawn is None or depth == 2:
            drawn = neighbourhood.neighbourhood(kb.network, node, depth=depth)
        then = on if st.session_state.get("ex_only_then") else None
        kept = search.filter_nodes(kb, drawn, kinds=st.session_state.ex_kinds, on=then, keep={node})
        hidden = len(drawn) - len(kept)
        caption = f"{hidden} nœud(s) masqué(s) par les filtres (types, date)." if hidden else ""
        shown = show_graph(kept, focus={node}, height=480, key="ex_graph", caption=caption)
        open_clicked(shown.selected, "ex_graph")
        with st.expander(f"Ce qui relie {_label(kb, node)} à…"):
            connections(kb, node)
