"""The editor's tools: draft a new article's record, preview what the normaliser makes of a page,
evaluate it on a corpus."""
