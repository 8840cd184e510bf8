"""The archive's own terms, imported by every stage and importing nothing of ours: the data model,
dates (EDTF), names and slugs, text normalisation."""
