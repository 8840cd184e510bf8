"""The machine-readable side: the dataset (JSON, CSV, Data Package), the feed, BibTeX, the timeline
drawing, and the search index."""
