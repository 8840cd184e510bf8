"""The scale benchmark's work, one module per job; scripts/bench.py is its entry point.

The generator: seeds (the seed pages' structure), synthetic (one article and its record),
corpus (the archives measured). The measurer: run (timed processes), site (the built site and
the builds it is compared with), editor (what an editor meets: progress, `mkdocs serve`),
measure (everything at one size N). The reporter: report, tables, targets.
"""
