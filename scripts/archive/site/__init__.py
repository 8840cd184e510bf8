"""What every output shares: where each page is and how pages link (structure.py), the one boundary
where source text becomes page text (markup.py, templates/), and how an article is cited (citations.py)."""
