"""The page's views: Streamlit layout only; every decision is made in ``graph/``."""
