"""secret-graph: a knowledge graph of French professional-secrecy law.

The package is the library; the CLI (``graph.cli``) and the page (``app.py``) are thin layers
over it. Modules are named after what they hold:

- ``vocab``: namespaces and the project vocabulary;
- ``load``: parse, validate and project the knowledge base (RDF → networkx);
- ``versions``: which version of an article is in force on a date;
- ``reasoning``: the verdict for a dated situation, with its trace;
- ``scenarios``: scenario files (YAML) and their runner;
- ``render``: the graph as HTML (pyvis), escaped and offline;
- ``cli``: the ``secretgraph`` command.
"""
