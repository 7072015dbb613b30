"""Explorer mode (placeholder while the scenario mode is tested)."""

from __future__ import annotations

import streamlit as st

from views import urlstate


def show(url: urlstate.UrlState) -> None:
    st.title("Explorateur")
