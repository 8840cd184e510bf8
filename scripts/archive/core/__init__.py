"""The archive's own terms, imported by every stage and importing nothing of ours: the data model
(an article's data, the vocabularies', problems), dates (EDTF), names and slugs, text normalisation."""
