"""How fast the knowledge base loads and the engine answers (``make bench``; not a timed test).

Loads the default knowledge base (time and peak Python memory), compiles the rulebook, then
answers every scenario of tests/scenarios ×20 and prints the median and p95 time per answer,
overall and per scenario file. The target is a median answer under 5 ms.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from graph.errors import SecretGraphError
from graph.load import load_knowledge_base
from graph.reasoning import ask
from graph.rulebook import compile_rulebook, rulebook_for
from graph.scenarios import ScenarioFileError, load_scenarios, scenario_paths
from graph.situation import situation_from_mapping

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 5.0


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "tests" / "scenarios")])
    args = parser.parse_args()

    # Timed without tracemalloc (it slows allocation-heavy parsing several times over), then
    # loaded once more under tracemalloc for the peak memory alone.
    start = time.perf_counter()
    kb = load_knowledge_base(None, validate=False)
    load_s = time.perf_counter() - start
    tracemalloc.start()
    load_knowledge_base(None, validate=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    compile_rulebook(kb.network)
    compile_ms = (time.perf_counter() - start) * 1000
    book = rulebook_for(kb)

    print(
        f"Chargement de la base : {load_s:.2f} s, pic mémoire Python {peak / 2**20:.1f} Mio, "
        f"RSS max {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mio"
    )
    print(
        f"  {kb.network.number_of_nodes()} nœuds, {kb.network.number_of_edges()} arêtes, "
        f"{len(book.norms)} normes, {len(book.bindings)} rattachements"
    )
    print(
        f"Compilation des règles : {compile_ms:.1f} ms "
        f"({len(book.conflicts)} conflits possibles signalés)"
    )

    per_file: dict[str, list[float]] = defaultdict(list)
    for path in scenario_paths(args.paths):
        try:
            scenarios = load_scenarios(path, shown=str(path.relative_to(ROOT)))
        except (ScenarioFileError, ValueError) as error:
            print(f"ignoré : {error}")
            continue
        for scenario in scenarios:
            try:
                situation = situation_from_mapping(scenario.facts, book.vocabulary)
            except SecretGraphError as error:
                print(f"ignoré : {scenario.name} : {error}")
                continue
            ask(kb, situation)  # warm the caches once
            for _ in range(args.repeat):
                start = time.perf_counter()
                ask(kb, situation)
                per_file[scenario.file].append((time.perf_counter() - start) * 1000)

    everything = [t for times in per_file.values() for t in times]
    if not everything:
        print("Aucun scénario.")
        return
    print(f"\n{'fichier':<52} {'réponses':>9} {'médiane ms':>11} {'p95 ms':>8}")
    for file, times in sorted(per_file.items()):
        print(
            f"{file:<52} {len(times):>9} {statistics.median(times):>11.2f} "
            f"{percentile(times, 0.95):>8.2f}"
        )
    median = statistics.median(everything)
    print(f"{'TOUT':<52} {len(everything):>9} {median:>11.2f} {percentile(everything, 0.95):>8.2f}")
    verdict = "atteinte" if median < TARGET_MS else "MANQUÉE"
    print(f"\nCible : médiane < {TARGET_MS} ms par réponse — {verdict}.")


if __name__ == "__main__":
    main()
