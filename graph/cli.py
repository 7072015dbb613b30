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


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None):
    """``--date`` as YYYY-MM-DD (default: today), refused outside the modelled period."""
    from datetime import date

    from graph.errors import ImpossibleDate
    from graph.versions import check_date

    if value is None:
        return date.today()
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"« {value} » n'est pas une date AAAA-MM-JJ (exemple : 2019-11-15)."
        ) from None
    try:
        return check_date(parsed)
    except ImpossibleDate as error:
        raise click.BadParameter(str(error)) from None


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Valider la base (par défaut data/*.ttl) ou les fichiers Turtle donnés.

    Une ligne par problème (FICHIER: NŒUD: RÈGLE: message, ou FICHIER:LIGNE: message pour une
    erreur de syntaxe), puis un bilan. Code de sortie 0 si aucune erreur, 1 sinon.
    """
    from pathlib import Path

    from graph.validation import validate_files

    problems = validate_files([Path(f) for f in files] or None)
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    warnings = len(problems) - len(errors)
    for problem in problems:
        click.echo(str(problem))
    summary = (
        f"{len(errors)} erreur{'s' * (len(errors) > 1)}, "
        f"{warnings} avertissement{'s' * (warnings > 1)}"
    )
    if errors:
        click.echo(f"Base non valide : {summary}.", err=True)
        raise SystemExit(1)
    click.echo(f"Base valide : {summary}.")


@main.command()
@click.argument("notation")
@click.option(
    "--date",
    "on",
    callback=_parse_date,
    metavar="AAAA-MM-JJ",
    help="Date à laquelle lire l'article (par défaut : aujourd'hui).",
)
@click.option("--all-versions", is_flag=True, help="Lister aussi toutes les versions connues.")
def article(notation: str, on, all_versions: bool) -> None:
    """Afficher l'article NOTATION (« CP 226-14 ») tel qu'en vigueur à une date."""
    from graph.errors import UnknownNotation
    from graph.load import load_default
    from graph.versions import describe_article

    kb = load_default()
    try:
        article_id = kb.article_by_notation(notation)
    except UnknownNotation as error:
        raise click.ClickException(str(error)) from None
    click.echo(describe_article(kb, article_id, on, all_versions=all_versions))


# --- Reasoning: ask, check --------------------------------------------------------------------
