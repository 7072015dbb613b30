"""A trainer's extra Turtle file, for their session only: size-capped, validated by
``graph.load.extend_knowledge_base`` (SHACL shapes, timelines, derogation cycles), kept in
memory, never written to disk. Errors are shown as the library words them.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from graph.errors import SecretGraphError, ValidationError
from graph.load import KnowledgeBase, extend_knowledge_base
from views import common, resources

MAX_BYTES = 300_000
MAX_SHOWN = 15


def extended(base: KnowledgeBase, name: str, data: bytes) -> tuple[KnowledgeBase | None, list[str]]:
    """``base`` plus the triples of an uploaded file, or None with the problems to show."""
    try:
        return extend_knowledge_base(base, name, data, max_bytes=MAX_BYTES), []
    except ValidationError as error:
        problems = [str(v) for v in error.violations]
    except SecretGraphError as error:
        return None, [str(error)]
    more = len(problems) - MAX_SHOWN
    return None, problems[:MAX_SHOWN] + ([f"… et {more} autre(s) problème(s)."] if more > 0 else [])


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
