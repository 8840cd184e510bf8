"""Ingest: sources/ into articles. Read the raw dumps, records and vocabularies (safely: sources.py,
yamlfile.py, fields.py), clean the page furniture off, extract title and byline, merge with the record."""
