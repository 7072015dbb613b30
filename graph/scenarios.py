"""Scenario files (docs/scenario-format.md): load them, run them through the engine, report.

One runner serves ``secretgraph check`` (trainers) and pytest (one item per scenario), so a
scenario fails the same way everywhere. A malformed file or item is refused with its file, its
line and item, what is wrong and how to fix it; a failing scenario prints expected against
actual, the provisions missing and the trace that led there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from graph.answer import VERDICTS, Answer
from graph.errors import SecretGraphError
from graph.memo import STATUS_WORDS
from graph.reasoning import ask
from graph.rulebook import rulebook_for
from graph.situation import KNOWN_FIELDS, Situation, situation_from_mapping

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

ITEM_FIELDS = frozenset({"id", "title", "expect"}) | KNOWN_FIELDS
EXPECT_FIELDS = frozenset({"verdict", "provisions"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScenarioFileError(SecretGraphError):
    """A scenario file or item breaks the format: where, what is wrong, how to fix it."""

    def __init__(
        self,
        file: str,
        problem: str,
        fix: str,
        *,
        line: int | None = None,
        item: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.item = item
        self.problem = problem
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        item = f" {self.item} :" if self.item else ""
        return f"{where}:{item} {self.problem}\n  Pour corriger : {self.fix}"


@dataclass(frozen=True)
class Scenario:
    """One item of a scenario file: the facts and what the answer must say."""

    file: str
    index: int  # 1-based position in the file
    line: int | None
    id: str
    title: str
    facts: Mapping[str, Any]
    verdict: str
    provisions: tuple[str, ...]

    @property
    def name(self) -> str:
        """``file::id``: the pytest id and the CLI's name for the scenario."""
        return f"{self.file}::{self.id}"


@dataclass(frozen=True)
class ScenarioResult:
    """What running one scenario gave: the answer, or the error that prevented it."""

    scenario: Scenario
    answer: Answer | None = None
    situation: Situation | None = None
    error: str | None = None
    missing: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return (
            self.error is None
            and self.answer is not None
            and self.answer.verdict == self.scenario.verdict
            and not self.missing
        )


# --- loading ---------------------------------------------------------------------------------
def scenario_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every ``*.yaml``/``*.yml`` under each directory (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            found.append(path)
    return found


def load_scenarios(path: str | Path, *, shown: str | None = None) -> list[Scenario]:
    """Every scenario of one file; raises ``ScenarioFileError`` on the first problem found."""
    path = Path(path)
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(
            shown, f"fichier illisible ({error})", "vérifiez le chemin et l'encodage (UTF-8)."
        ) from None
    data, lines = _parse_yaml(text, shown)
    if data is None:
        return []
    if not isinstance(data, list):
        raise ScenarioFileError(
            shown,
            "le fichier doit être une liste de scénarios",
            "commencez chaque scénario par « - id: … » (voir docs/scenario-format.md).",
            line=1,
        )
    scenarios = [_scenario(shown, i, lines[i - 1], item) for i, item in enumerate(data, 1)]
    _check_unique(scenarios)
    return scenarios


def _parse_yaml(text: str, shown: str) -> tuple[Any, list[int | None]]:
    """The data and, for a top-level list, the 1-based line of each item."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioFileError(
            shown,
            f"YAML invalide : {problem}",
            "vérifiez l'indentation (espaces, pas de tabulations), les « : » "
            "et les crochets des listes.",
            line=line,
        ) from None
    lines: list[int | None] = []
    if isinstance(node, yaml.SequenceNode):
        lines = [child.start_mark.line + 1 for child in node.value]
    return data, lines


def _scenario(shown: str, index: int, line: int | None, item: Any) -> Scenario:
    """Check one item's shape (not its vocabulary: that needs the knowledge base)."""
    label = f"scénario n° {index}"

    def fail(problem: str, fix: str) -> ScenarioFileError:
        return ScenarioFileError(shown, problem, fix, line=line, item=label)

    if not isinstance(item, Mapping):
        raise fail(
            "un scénario est un dictionnaire de champs",
            "écrivez « - id: … » puis les champs, indentés de deux espaces.",
        )
    scenario_id = item.get("id")
    if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
        raise fail(
            f"id manquant ou invalide ({scenario_id!r})",
            "donnez un id en kebab-case, unique dans le fichier : « id: medecin-sevices ».",
        )
    label = f"{label} ({scenario_id})"
    unknown = sorted(set(item) - ITEM_FIELDS)
    if unknown:
        raise fail(
            f"champ inconnu « {unknown[0]} »",
            f"champs possibles : {', '.join(sorted(ITEM_FIELDS))}.",
        )
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("titre manquant", "ajoutez « title: » avec une phrase qui décrit la situation.")
    verdict, provisions = _expect(item.get("expect"), fail)
    facts = {k: v for k, v in item.items() if k in KNOWN_FIELDS}
    return Scenario(shown, index, line, scenario_id, title.strip(), facts, verdict, provisions)


def _expect(expect: Any, fail: Any) -> tuple[str, tuple[str, ...]]:
    fix = "écrivez « expect: {verdict: faculte, provisions: [CP 226-13, CP 226-14]} »."
    if not isinstance(expect, Mapping):
        raise fail("« expect » manquant ou mal formé", fix)
    unknown = sorted(set(expect) - EXPECT_FIELDS)
    if unknown:
        raise fail(f"champ inconnu dans expect : « {unknown[0]} »", fix)
    verdict = expect.get("verdict")
    if verdict not in VERDICTS:
        raise fail(
            f"verdict attendu invalide ({verdict!r})", f"choisissez parmi : {', '.join(VERDICTS)}."
        )
    provisions = expect.get("provisions", [])
    if not isinstance(provisions, list) or not all(isinstance(p, str) for p in provisions):
        raise fail(
            "« provisions » doit être une liste de citations",
            "écrivez « provisions: [CP 226-13, CASF L411-3] ».",
        )
    return verdict, tuple(provisions)


def _check_unique(scenarios: Sequence[Scenario]) -> None:
    seen: dict[str, Scenario] = {}
    for scenario in scenarios:
        first = seen.setdefault(scenario.id, scenario)
        if first is not scenario:
            raise ScenarioFileError(
                scenario.file,
                f"id en double « {scenario.id} » (déjà utilisé par le scénario "
                f"n° {first.index}, ligne {first.line})",
                "donnez à chaque scénario un id unique.",
                line=scenario.line,
                item=f"scénario n° {scenario.index}",
            )


# --- running ---------------------------------------------------------------------------------
def normalise_citation(text: str) -> str:
    """Citations compare without case or repeated spaces: « cp  226-13 » = « CP 226-13 »."""
    return " ".join(text.split()).casefold()


def run_scenario(kb: KnowledgeBase, scenario: Scenario) -> ScenarioResult:
    """Answer one scenario and compare the verdict and the provisions cited."""
    try:
        situation = situation_from_mapping(scenario.facts, rulebook_for(kb).vocabulary)
    except SecretGraphError as error:
        return ScenarioResult(scenario, error=f"situation invalide : {error}")
    answer = ask(kb, situation)
    cited = {normalise_citation(p) for p in answer.provisions}
    cited |= {normalise_citation(v.notation) for v in answer.versions}
    missing = tuple(p for p in scenario.provisions if normalise_citation(p) not in cited)
    return ScenarioResult(scenario, answer, situation, missing=missing)


def run_files(
    kb: KnowledgeBase, paths: Iterable[str | Path]
) -> tuple[list[ScenarioResult], list[ScenarioFileError]]:
    """Run every scenario of every file; malformed files are collected, not raised."""
    results: list[ScenarioResult] = []
    problems: list[ScenarioFileError] = []
    for path in scenario_paths(paths):
        try:
            scenarios = load_scenarios(path)
        except ScenarioFileError as error:
            problems.append(error)
            continue
        results += [run_scenario(kb, s) for s in scenarios]
    return results, problems


def format_failure(result: ScenarioResult) -> str:
    """File, id, title, expected against actual, missing provisions and the trace, indented."""
    s = result.scenario
    where = f" (ligne {s.line})" if s.line else ""
    lines = [f"ÉCHEC {s.name}{where}", f"  {s.title}"]
    if result.error or result.answer is None:
        return "\n".join([*lines, f"  {result.error}"])
    answer = result.answer
    mark = "" if answer.verdict == s.verdict else "   ← diffère"
    lines += [f"  verdict attendu : {s.verdict}", f"  verdict obtenu  : {answer.verdict}{mark}"]
    if result.missing:
        lines.append(f"  textes attendus non cités : {', '.join(result.missing)}")
    lines.append(f"  textes cités : {', '.join(answer.provisions) or 'aucun'}")
    lines.append(f"  motif : {answer.reason}")
    lines.append("  raisonnement :")
    lines += [
        f"    {n}. [{STATUS_WORDS[st.status]}] {st.sentence}"
        for n, st in enumerate(answer.steps, 1)
    ]
    return "\n".join(lines)
