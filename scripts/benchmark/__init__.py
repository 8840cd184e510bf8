"""The scale benchmark's work, one module per job; scripts/bench.py is its entry point.

The generator: seeds (the seed pages' structure), synthetic (one article and its record),
corpus (the archives measured). The measurer: run (timed processes), processes (a command's
whole process group: peak memory, CPU), site (the built site and the builds it is compared
with), editor (what an editor meets: progress, `mkdocs serve`), measure (everything at one size
N). The other modes: editor_loop (--editor), search_cost (--search: shard sizes, the builder
and the reader), mkdocs_cost (--mkdocs: our mkdocs build against bare Material), cleaning
(--cleaning). The reporter: report, tables, targets.
"""
