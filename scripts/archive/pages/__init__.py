"""One module per page kind, built on the site model (`site.py`) and the templates in
scripts/archive/site/templates/."""
