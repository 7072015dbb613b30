"""A trainer's extra Turtle file, for their session only: size-capped, parsed, validated with
the loader's checks (SHACL shapes, timelines, derogation cycles), kept in memory, never written
to disk. Errors are shown as the loader words them.

The merge itself only chains public functions of ``graph.load`` and ``graph.validation``; it
would sit better in ``graph/load.py`` (see the report).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st
from rdflib import Graph

from graph import validation
from graph.errors import TurtleSyntaxError
from graph.load import (
    TURTLE_PREFIXES,
    KnowledgeBase,
    knowledge_base_from_graph,
    node_id,
    parse_turtle,
)
from graph.vocab import bind_prefixes
from views import common, resources

MAX_BYTES = 300_000
MAX_SHOWN = 15


def extended(base: KnowledgeBase, name: str, data: bytes) -> tuple[KnowledgeBase | None, list[str]]:
    """``base`` plus the triples of an uploaded file, or None with the problems found."""
    if len(data) > MAX_BYTES:
        return None, [f"{name} : fichier trop gros ({len(data)} octets ; maximum {MAX_BYTES})."]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [f"{name} : le fichier doit être encodé en UTF-8."]
    shown = Path(Path(name).name)
    offset = TURTLE_PREFIXES.count("\n")
    try:
        extra = parse_turtle(shown, text=TURTLE_PREFIXES + text, line_offset=offset)
    except TurtleSyntaxError as error:
        return None, [str(error)]
    merged = bind_prefixes(Graph())
    merged += base.rdf
    merged += extra
    files = {node_id(s): str(shown) for s in extra.subjects(unique=True)}
    problems = validation.check_graph(merged, files)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        more = len(errors) - MAX_SHOWN
        return None, errors[:MAX_SHOWN] + (
            [f"… et {more} autre(s) problème(s)."] if more > 0 else []
        )
    warnings = [str(p) for p in problems if p.severity != "error"]
    kb = knowledge_base_from_graph(
        merged, warnings=warnings, files=(*base.files, str(shown)), node_files=files
    )
    return kb, []


def _reset() -> None:
    for key in ("kb_extra", "kb_extra_key", "kb_extra_name"):
        st.session_state.pop(key, None)


def panel() -> None:
    """Sidebar panel: upload, validate, use for this session; or go back to the default base."""
    with st.expander("Ajouter un fichier Turtle (formateur)"):
        name = st.session_state.get("kb_extra_name")
        if name:
            st.success(f"Base enrichie de « {common.md(name)} » pour cette session.")
            st.button("Revenir à la base par défaut", on_click=_reset, key="kb_reset")
            return
        upload = st.file_uploader("Fichier .ttl", type=["ttl"], key="kb_upload")
        if upload is None:
            st.caption(f"Validé avant usage ; {MAX_BYTES // 1000} ko au plus ; jamais enregistré.")
            return
        data = upload.getvalue()
        with st.spinner("Validation du fichier…"):
            kb, problems = extended(resources.default_knowledge_base(), upload.name, data)
        if kb is None:
            st.error("Fichier refusé :\n\n" + "\n\n".join(common.md(p) for p in problems))
            return
        st.session_state.kb_extra = kb
        st.session_state.kb_extra_key = hashlib.sha256(data).hexdigest()[:16]
        st.session_state.kb_extra_name = upload.name
        st.rerun()
