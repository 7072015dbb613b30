"""Shared fixtures: the knowledge base (loaded once per session) and the fixture folders.

``kb`` is the very object the CLI and the page use (``load_default()``: parsed once, no SHACL,
timeline problems as warnings); ``tests/test_validation.py`` proves the same data valid against
the shapes. ``tiny_kb`` is the small, valid, invented knowledge base of
``tests/fixtures/kb/tiny.ttl``, loaded *with* validation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.load import KnowledgeBase, load_default, load_knowledge_base

FIXTURES_DIR = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures`` (``kb/`` holds the loader's tiny and broken Turtle files)."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The default knowledge base (``data/*.ttl``), shared: do not mutate it."""
    return load_default()


@pytest.fixture(scope="session")
def tiny_kb(fixtures_dir: Path) -> KnowledgeBase:
    """The tiny valid knowledge base of ``tests/fixtures/kb/tiny.ttl``, validated on load."""
    return load_knowledge_base([fixtures_dir / "kb" / "tiny.ttl"], validate=True)
