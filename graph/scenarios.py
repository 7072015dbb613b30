"""Scenario files (docs/scenario-format.md): load them, run them through the engine, report.

One runner serves ``secretgraph check`` (trainers) and pytest (one item per scenario), so a
scenario fails the same way everywhere. A malformed file or item is refused with its file, its
line and item, what is wrong and how to fix it; a failing scenario prints expected against
actual, the provisions missing and the trace that led there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from graph.answer import VERDICTS, Answer
from graph.errors import ImpossibleDate, SecretGraphError
from graph.memo import STATUS_WORDS
from graph.reasoning import ask
from graph.rulebook import rulebook_for
from graph.situation import KNOWN_FIELDS, Situation, situation_from_mapping

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

ITEM_FIELDS = frozenset({"id", "title", "expect"}) | KNOWN_FIELDS
EXPECT_FIELDS = frozenset({"verdict", "provisions"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_EXAMPLE = "« date: 2019-11-15 » (AAAA-MM-JJ, un jour qui existe, à partir du 1994-03-01)"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _ScenarioLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types
    """A safe loader that keeps dates as text: the runner parses them and says what is wrong.

    PyYAML turns ``2031-02-30`` into a ``date`` while parsing and crashes on an impossible day;
    without the timestamp resolver the value stays a string, checked by ``_scenario_date``.
    """


_ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ScenarioLoader.add_constructor(  # an explicit « !!timestamp » stays text as well
    TIMESTAMP_TAG, lambda loader, node: loader.construct_scalar(node)
)


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
    scenarios, problems = load_items(path, shown=shown)
    if problems:
        raise problems[0]
    return scenarios


def load_items(
    path: str | Path, *, shown: str | None = None
) -> tuple[list[Scenario], list[ScenarioFileError]]:
    """The well-formed scenarios of a file, and one error per malformed item.

    A file that cannot be read or parsed as a YAML list gives one error and no scenario; inside
    a list, a malformed item is reported with its position, line and id while the others run.
    """
    path = Path(path)
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return [], [
            ScenarioFileError(
                shown,
                f"le fichier n'est pas en UTF-8 (octet invalide à la position {error.start})",
                "enregistrez le fichier en UTF-8 (« Enregistrer sous… », encodage UTF-8).",
            )
        ]
    except OSError as error:
        return [], [
            ScenarioFileError(
                shown,
                f"fichier illisible ({error.strerror or error})",
                "vérifiez le chemin et les droits du fichier.",
            )
        ]
    try:
        data, nodes = _parse_yaml(text, shown)
    except ScenarioFileError as error:
        return [], [error]
    if data is None:
        return [], [
            ScenarioFileError(
                shown,
                "le fichier ne contient aucun scénario",
                "ajoutez au moins un scénario « - id: … » (voir docs/scenario-format.md), "
                "ou retirez le fichier.",
            )
        ]
    if not isinstance(data, list):
        return [], [
            ScenarioFileError(
                shown,
                "le fichier doit être une liste de scénarios",
                "commencez chaque scénario par « - id: … » (voir docs/scenario-format.md).",
                line=1,
            )
        ]
    scenarios: list[Scenario] = []
    problems: list[ScenarioFileError] = []
    seen: dict[str, Scenario] = {}
    for index, item in enumerate(data, 1):
        node = nodes[index - 1] if index - 1 < len(nodes) else None
        try:
            scenario = _scenario(shown, index, node, item)
            _check_unique(seen, scenario)
        except ScenarioFileError as error:
            problems.append(error)
            continue
        scenarios.append(scenario)
    return scenarios, problems


def _parse_yaml(text: str, shown: str) -> tuple[Any, list[yaml.Node]]:
    """The data and, for a top-level list, the YAML node of each item (for its lines)."""
    loader = _ScenarioLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
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
    except (ValueError, TypeError, RecursionError) as error:  # e.g. « !!int abc »
        raise ScenarioFileError(
            shown,
            f"YAML invalide : valeur impossible à lire ({error})",
            "écrivez les valeurs en texte simple, sans étiquette « !! ».",
        ) from None
    finally:
        loader.dispose()
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else []
    return data, items


def _field_lines(node: yaml.Node | None) -> dict[str, int]:
    """1-based line of each field's value in an item (for messages about one field)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): value.start_mark.line + 1
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def _scenario(shown: str, index: int, node: yaml.Node | None, item: Any) -> Scenario:
    """Check one item's shape and date (not its vocabulary: that needs the knowledge base)."""
    line = node.start_mark.line + 1 if node is not None else None
    lines = _field_lines(node)
    label = f"scénario n° {index}"

    def fail(problem: str, fix: str, *, at: str | None = None) -> ScenarioFileError:
        return ScenarioFileError(shown, problem, fix, line=lines.get(at or "", line), item=label)

    if not isinstance(item, Mapping):
        raise fail(
            f"un scénario est un dictionnaire de champs, pas {_kind(item)}",
            "écrivez « - id: … » puis les champs, indentés de deux espaces.",
        )
    scenario_id = item.get("id")
    if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
        raise fail(
            f"id manquant ou invalide ({scenario_id!r})",
            "donnez un id en kebab-case, unique dans le fichier : « id: medecin-sevices ».",
            at="id",
        )
    label = f"{label} ({scenario_id})"
    unknown = sorted(str(key) for key in set(item) if key not in ITEM_FIELDS)
    if unknown:
        raise fail(
            f"champ inconnu « {unknown[0]} »",
            f"champs possibles : {', '.join(sorted(ITEM_FIELDS))}.",
            at=unknown[0],
        )
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail(
            "titre manquant",
            "ajoutez « title: » avec une phrase qui décrit la situation.",
            at="title",
        )
    verdict, provisions = _expect(item.get("expect"), lambda p, f: fail(p, f, at="expect"))
    facts = {k: v for k, v in item.items() if k in KNOWN_FIELDS}
    if "date" in facts:
        facts["date"] = _scenario_date(facts["date"], lambda p, f: fail(p, f, at="date"))
    return Scenario(shown, index, line, scenario_id, title.strip(), facts, verdict, provisions)


def _kind(value: Any) -> str:
    """What a YAML value is, in words, for « expected a mapping, got … »."""
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, str):
        return f"un texte ({value!r})"
    if value is None:
        return "un élément vide"
    return f"une valeur seule ({value!r})"


def _scenario_date(value: Any, fail: Any) -> date:
    """The item's ``date`` as a real day the tool answers for, or a message saying why not."""
    if isinstance(value, date):  # a loader or caller that already built one
        shown = value.isoformat()
    elif isinstance(value, str) and DATE_PATTERN.match(value.strip()):
        shown = value.strip()
        try:
            value = date.fromisoformat(shown)
        except ValueError:
            raise fail(
                f"champ « date » : « {shown} » n'existe pas (jour ou mois hors calendrier)",
                f"écrivez un jour qui existe, par exemple {DATE_EXAMPLE}.",
            ) from None
    else:
        raise fail(
            f"champ « date » : {value!r} n'est pas une date AAAA-MM-JJ",
            f"écrivez par exemple {DATE_EXAMPLE}.",
        )
    from graph.versions import check_date

    try:
        return check_date(value)
    except ImpossibleDate as error:
        raise fail(
            f"champ « date » : {error}", f"choisissez une autre date, par exemple {DATE_EXAMPLE}."
        ) from None


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


def _check_unique(seen: dict[str, Scenario], scenario: Scenario) -> None:
    """Refuse a second item with an id already used in the file, naming both items."""
    first = seen.setdefault(scenario.id, scenario)
    if first is not scenario:
        raise ScenarioFileError(
            scenario.file,
            f"id en double « {scenario.id} » (déjà utilisé par le scénario "
            f"n° {first.index}, ligne {first.line})",
            "donnez à chaque scénario un id unique.",
            line=scenario.line,
            item=f"scénario n° {scenario.index} ({scenario.id})",
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
    """Run every well-formed scenario of every file; each malformed file or item is collected
    as one problem, and the other items of its file still run."""
    results: list[ScenarioResult] = []
    problems: list[ScenarioFileError] = []
    for path in scenario_paths(paths):
        scenarios, found = load_items(path)
        problems += found
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
