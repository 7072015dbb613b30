"""The knowledge-base commands: ``secretgraph validate`` and ``secretgraph article``."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.validation import GAP_RULE, OVERLAP_RULE

#: broken fixture → what its line must say (node, rule)
BROKEN = {
    "version_without_start.ttl": ("sgr:article/T_1/v/sans-date", "VersionKnownDateShape sh:or"),
    "derogation_nowhere.ttl": ("sgr:norm/T_1-orpheline", "NormShape sh:node (sg:derogatesFrom)"),
    "overlap.ttl": (
        "sgr:article/T_3/v/2000-01-01",
        f"{OVERLAP_RULE} (eli:date_no_longer_in_force)",
    ),
    "gap.ttl": ("sgr:article/T_4/v/2000-01-01", f"{GAP_RULE} (eli:date_no_longer_in_force)"),
    "decision_without_court.ttl": (
        "sgr:decision/sans-juridiction",
        "DecisionShape sh:minCount (sg:court)",
    ),
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_validate_tiny_fixture_is_clean(runner: CliRunner, fixtures_dir: Path) -> None:
    result = run(runner, "validate", str(fixtures_dir / "kb" / "tiny.ttl"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Base valide : 0 erreur, 1 avertissement."


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_reports_broken_fixture(runner: CliRunner, fixtures_dir: Path, name: str) -> None:
    node, rule = BROKEN[name]
    broken = fixtures_dir / "kb" / name
    result = run(runner, "validate", str(fixtures_dir / "kb" / "tiny.ttl"), str(broken))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    (line,) = [x for x in lines if f": {node}: " in x and "avertissement" not in x]
    assert line.split(": ")[0].endswith(name)  # FILE: NODE: RULE: message
    assert f": {node}: {rule}: " in line
    assert lines[-1].startswith("Base non valide : 1 erreur, ")


def test_validate_reports_syntax_error_with_file_and_line(
    runner: CliRunner, fixtures_dir: Path
) -> None:
    result = run(runner, "validate", str(fixtures_dir / "kb" / "bad_syntax.ttl"))
    assert result.exit_code == 1
    assert "bad_syntax.ttl:5: syntaxe Turtle invalide" in result.output


def test_validate_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "validate", str(tmp_path / "absent.ttl"))
    assert result.exit_code == 2
    assert "absent.ttl" in result.output


def test_validate_file_written_by_a_user(runner: CliRunner, tmp_path: Path) -> None:
    written = tmp_path / "decision.ttl"
    written.write_text(
        "@prefix sg: <https://id.secret-graph.invalid/vocab#> .\n"
        "<https://id.secret-graph.invalid/decision/x> a sg:Decision .\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", str(written))
    assert result.exit_code == 1
    assert "Règle « décision-juridiction »" in result.output


def test_validate_default_knowledge_base_is_clean(runner: CliRunner) -> None:
    result = run(runner, "validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Base valide : 0 erreur")


def test_article_on_a_date_prints_that_version(runner: CliRunner) -> None:
    result = run(runner, "article", "CP 226-14", "--date", "2019-11-15")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("CP 226-14 — ")
    assert "Version en vigueur du 7 novembre 2015 au 31 juillet 2020 inclus" in out
    assert "Loi n° 2015-1402 du 5 novembre 2015" in out
    # The 2015 text: its 2° names the CRIP; the 2020 3° (violences au sein du couple) is absent.
    assert "ou de la cellule de recueil, de traitement et d'évaluation" in out
    assert "violences exercées au sein du couple" not in out
    assert (
        "Légifrance : https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006417946" in out
    )
    assert "Décisions citant cet article :" in out
    assert "Attention : les sources consultées" not in out  # 2019 is within the horizon


def test_article_2021_prints_the_2020_version(runner: CliRunner) -> None:
    result = run(runner, "article", "cp  226-14", "--date", "2021-01-01")
    assert result.exit_code == 0, result.output
    assert "Version en vigueur du 1er août 2020 au 1er décembre 2021 inclus" in result.output
    assert "violences exercées au sein du couple" in result.output


def test_article_today_warns_beyond_the_horizon_and_says_partial(runner: CliRunner) -> None:
    result = run(runner, "article", "CP 226-14")
    assert result.exit_code == 0, result.output
    assert "Attention : les sources consultées pour CP 226-14 s'arrêtent au" in result.output
    assert "texte PARTIEL" in result.output  # the 2024 text is partial and said so


def test_article_missing_text_is_said_missing(runner: CliRunner) -> None:
    result = run(runner, "article", "CMF L561-2", "--date", "2010-01-01")
    assert result.exit_code == 0, result.output
    assert "texte MANQUANT" in result.output


def test_article_all_versions(runner: CliRunner) -> None:
    result = run(runner, "article", "CP 226-14", "--date", "2019-11-15", "--all-versions")
    assert result.exit_code == 0, result.output
    assert "Toutes les versions (" in result.output
    assert "[1] 1998-06-18" in result.output
    assert "2015-11-07  ← en vigueur à cette date" in result.output


def test_article_unknown_notation_suggests(runner: CliRunner) -> None:
    result = run(runner, "article", "CP 226-15")
    assert result.exit_code == 1
    assert "CP 226-15 : article inconnu. Vouliez-vous dire : " in result.output
    assert "CP 226-14" in result.output


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2019-13-01", "n'est pas une date AAAA-MM-JJ"),
        ("15/11/2019", "n'est pas une date AAAA-MM-JJ"),
        ("1994-02-28", "1er mars 1994"),
        ((date.today() + timedelta(days=1)).isoformat(), "postérieure à aujourd'hui"),
    ],
)
def test_article_bad_date_is_a_clear_error(runner: CliRunner, value: str, words: str) -> None:
    result = run(runner, "article", "CP 226-14", "--date", value)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_validate_warns_of_the_potential_conflicts_of_the_rulebook(runner: CliRunner) -> None:
    """CP 226-13 vs CPP 40 al. 2 is left unordered on purpose (a contested point settles it):
    ``validate`` shows it as a warning, counted, and still exits 0."""
    result = run(runner, "validate")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    conflicts = [line for line in lines if ": conflit-possible: avertissement : " in line]
    assert len(conflicts) == 1
    (line,) = conflicts
    assert line.startswith("data/norms.ttl: sgr:norm/CP_226-13: ")
    assert "(CP 226-13) interdit et" in line and "(CPP 40) permet ou impose" in line
    warnings = sum("avertissement : " in line for line in lines)
    assert lines[-1] == f"Base valide : 0 erreur, {warnings} avertissements."


def test_validate_counts_a_fixture_conflict_as_a_warning(runner: CliRunner) -> None:
    from graph.load import load_knowledge_base
    from graph.rulebook import CONFLICT_RULE, conflict_warnings

    fixture = Path(__file__).parent / "fixtures" / "reasoning" / "mini.ttl"
    warnings = conflict_warnings(load_knowledge_base([fixture], validate=False))
    assert all(w.severity == "warning" and w.rule == CONFLICT_RULE for w in warnings)
    (clash,) = [w for w in warnings if "Faculté d'informer un tiers (fixture)" in w.message]
    assert "« Interdiction de révéler » (CP 226-13) interdit" in clash.message
    assert "(CSP L1110-4) permet ou impose" in clash.message
    assert "mini.ttl: sgr:norm/CP_226-13: conflit-possible: avertissement : " in str(clash)


def test_validate_refuses_an_incompatibility_that_is_not_between_concepts(
    runner: CliRunner, fixtures_dir: Path, tmp_path: Path
) -> None:
    written = tmp_path / "incompatible.ttl"
    written.write_text(
        "@prefix sg: <https://id.secret-graph.invalid/vocab#> .\n"
        "<https://id.secret-graph.invalid/concept/circumstance/x> sg:incompatibleWith"
        " <https://id.secret-graph.invalid/decision/y> .\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", str(fixtures_dir / "kb" / "tiny.ttl"), str(written))
    assert result.exit_code == 1
    assert "IncompatibleShape" in result.output
    assert "sg:incompatibleWith relie deux concepts déclarés" in result.output
