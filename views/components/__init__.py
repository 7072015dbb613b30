"""Streamlit components of the page (they import streamlit, so they live under ``views/``)."""
