"""The ``secretgraph`` command: a thin click group over the library.

Each command parses its options, calls one library function and prints what it returns; user
errors become ``click.ClickException`` with a hint, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the library is imported inside each command: ``--help`` stays instant
    from graph.load import KnowledgeBase
    from graph.situation import Situation, Vocabulary


@click.group()
@click.version_option(package_name="secret-graph")
def main() -> None:
    """Explorer le secret professionnel : textes datés, exceptions, verdicts."""


# --- Knowledge base: validate, article --------------------------------------------------------


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    """``--date`` as YYYY-MM-DD (default: today), refused outside the modelled period."""
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

    Les fichiers donnés forment à eux seuls la base validée : donnez aussi ceux auxquels ils
    renvoient (un article cité par une norme, par exemple).

    Une ligne par problème (FICHIER: NŒUD: RÈGLE: message, ou FICHIER:LIGNE: message pour une
    erreur de syntaxe), puis un bilan. Les conflits possibles entre normes (effets opposés, rien
    pour les ordonner) sont des avertissements. Code de sortie 0 si aucune erreur, 1 sinon.
    """
    from pathlib import Path

    from graph.validation import validate_files

    paths = [Path(f) for f in files] or None
    problems: list[Any] = list(validate_files(paths))
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    if not errors:
        problems += _conflict_warnings(paths)
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


def _conflict_warnings(paths: list[Any] | None) -> list[Any]:
    """Potential conflicts of the rulebook (norms that may apply together with opposite effects
    and nothing ordering them), as warnings: shown by ``validate``, never failing it."""
    from graph.errors import SecretGraphError
    from graph.load import load_knowledge_base
    from graph.rulebook import conflict_warnings

    try:
        return list(conflict_warnings(load_knowledge_base(paths, validate=False)))
    except SecretGraphError as error:  # already reported by the checks above
        raise click.ClickException(str(error)) from None


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
def article(notation: str, on: date, all_versions: bool) -> None:
    """Afficher l'article NOTATION (« CP 226-14 ») tel qu'en vigueur à une date."""
    from graph.article_report import describe_article
    from graph.errors import UnknownNotation
    from graph.load import load_default

    kb = load_default()
    try:
        article_id = kb.article_by_notation(notation)
    except UnknownNotation as error:
        raise click.ClickException(str(error)) from None
    click.echo(describe_article(kb, article_id, on, all_versions=all_versions))


# --- Reasoning: ask, check --------------------------------------------------------------------


def _reasoning_kb() -> KnowledgeBase:
    """The knowledge base ``ask`` and ``check`` reason on (tests substitute a fixture)."""
    from graph.load import load_default

    return load_default()


_CONSENT = {"yes": True, "oui": True, "no": False, "non": False, "unknown": None}


@main.command()
@click.option("--actor", required=True, help="Qui révèle (ex. assistant-service-social).")
@click.option("--employer", help="Employeur : public, prive, liberal, benevole.")
@click.option("--mission", "missions", multiple=True, help="Mission exercée (répétable).")
@click.option("--act", required=True, help="Acte (remettre, signaler, partager…).")
@click.option("--recipient", required=True, help="Destinataire (opj, procureur, crip…).")
@click.option("--framework", default="aucun", show_default=True, help="Cadre de la demande.")
@click.option("--circumstance", "circumstances", multiple=True, help="Circonstance (répétable).")
@click.option(
    "--consent",
    type=click.Choice(sorted(_CONSENT)),
    default="unknown",
    show_default=True,
    help="Accord de la personne concernée.",
)
@click.option(
    "--date",
    "on",
    callback=_parse_date,
    metavar="AAAA-MM-JJ",
    help="Date des faits (par défaut : aujourd'hui).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Forme de la réponse.",
)
def ask(
    actor: str,
    employer: str | None,
    missions: tuple[str, ...],
    act: str,
    recipient: str,
    framework: str,
    circumstances: tuple[str, ...],
    consent: str,
    on: date,
    output: str,
) -> None:
    """Demander si un professionnel peut, doit ou ne doit pas révéler, à une date donnée."""
    import json

    from graph.memo import render_markdown, render_text
    from graph.reasoning import ask as answer_situation
    from graph.rulebook import rulebook_for

    kb = _reasoning_kb()
    facts = {
        "actor": actor,
        "employer": employer,
        "missions": list(missions),
        "act": act,
        "recipient": recipient,
        "framework": framework,
        "circumstances": list(circumstances),
        "consent": _CONSENT[consent],
        "date": on,
    }
    situation = _situation_or_exit(facts, rulebook_for(kb).vocabulary)
    answer = answer_situation(kb, situation)
    if output == "json":
        payload = {"situation": situation.to_dict(), "answer": answer.to_dict()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif output == "markdown":
        click.echo(render_markdown(answer, situation), nl=False)
    else:
        click.echo(render_text(answer, situation), nl=False)


def _situation_or_exit(facts: Mapping[str, Any], vocabulary: Vocabulary) -> Situation:
    """Build the situation; an unknown id or a bad field becomes a one-line user error."""
    from graph.errors import SecretGraphError, UnknownTerm
    from graph.situation import situation_from_mapping

    try:
        return situation_from_mapping(facts, vocabulary)
    except UnknownTerm as error:
        option = {"missions": "mission", "circumstances": "circumstance"}.get(
            error.field, error.field
        )
        raise click.ClickException(f"--{option} : {error}") from None
    except SecretGraphError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="FICHIER_OU_DOSSIER..."
)
def check(paths: tuple[str, ...]) -> None:
    """Rejouer des fichiers de scénarios YAML (docs/scenario-format.md).

    Affiche chaque échec (attendu, obtenu, raisonnement) puis « N passed, N failed ». Un fichier
    mal formé, ou un scénario mal formé, compte comme un échec ; les autres scénarios du fichier
    sont joués. Code de sortie 1 au moindre échec.
    """
    from graph.scenarios import format_failure, run_files

    results, problems = run_files(_reasoning_kb(), paths)
    for problem in problems:
        click.echo(f"MAL FORMÉ {problem}\n")
    failures = [r for r in results if not r.passed]
    for result in failures:
        click.echo(format_failure(result) + "\n")
    failed = len(failures) + len(problems)
    click.echo(f"{len(results) - len(failures)} passed, {failed} failed")
    if failed:
        raise SystemExit(1)
