"""secret-graph: a knowledge graph of French professional-secrecy law.

The package is the library; the CLI (``graph.cli``) and the page (``app.py``) are thin layers
over it. Modules are named after what they hold:

- ``vocab``: namespaces and the project vocabulary;
- ``load``: parse and validate the knowledge base, or extend it with a trainer's file;
- ``network``: the projection of the RDF graph to networkx;
- ``versions``: which version of an article is in force on a date;
- ``reasoning``: which norms reach a dated situation and whether each applies;
- ``verdict``: exceptions first, then the combination into a verdict;
- ``trace`` and ``citations``: the answer's French sentences and what it cites;
- ``scenarios``: scenario files (YAML) and their runner;
- ``render``: the graph as HTML (pyvis), escaped and offline;
- ``cli``: the ``secretgraph`` command.
"""
