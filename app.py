"""secret-graph: the page (Streamlit). A description of the UI; the logic lives in ``graph/``.

Two modes: *Scénario* (a dated situation → a verdict with its trace and graph, made for
projecting) and *Explorateur* (search the texts, their versions and the links between them).
The state lives in the URL (``views/urlstate.py``); every parameter is validated.
"""

from __future__ import annotations

import streamlit as st

from views import common, explorer, resources, scenario, upload, urlstate

st.set_page_config(page_title="secret-graph : le secret professionnel en graphe", layout="wide")
st.markdown(common.PAGE_CSS, unsafe_allow_html=True)

kb = resources.knowledge_base()
url = urlstate.read(
    st.query_params.to_dict(), kb, resources.rulebook().vocabulary, resources.presets()
)
common.warn(url.warnings)
st.session_state.setdefault("mode", url.mode)

with st.sidebar:
    st.radio(
        "Mode", list(urlstate.MODES), key="mode", format_func=urlstate.MODES.get, horizontal=True
    )

if st.session_state.mode == "explorateur":
    explorer.show(url)
else:
    scenario.show(url)

with st.sidebar:
    upload.panel()
