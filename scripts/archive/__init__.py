"""The argument archive's normaliser: sources/ in, docs/ out.

Layers, each importing only those below it: `core` (the model, dates, names, texts) < `ingest`
(sources/ into articles) < `site` (where pages are, escaping, templates, citations) < `pages`,
`exports`, `authoring` < `build` (the pipeline) and `write` < `cli` and `mkdocs_hook`."""
