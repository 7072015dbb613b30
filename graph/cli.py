"""The ``secretgraph`` command: a thin click group over the library.

Each command parses its options, calls one library function and prints what it returns; user
errors become ``click.ClickException`` with a hint, never a traceback.
"""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="secret-graph")
def main() -> None:
    """Explorer le secret professionnel : textes datés, exceptions, verdicts."""


# --- Knowledge base: validate, article --------------------------------------------------------


# --- Reasoning: ask, check --------------------------------------------------------------------
