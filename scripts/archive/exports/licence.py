"""The licence of the archive's own work, and what in it is not ours: one statement for the
dataset, the Data Package and the feed."""

LICENCE_ID, LICENCE_TITLE = "CC-BY-4.0", "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
OURS = ("The archive's own work, the records of each article, the vocabularies (proposals, arguments, positions, "
        "publishers) and this dataset, is published under the Creative Commons Attribution 4.0 International "
        "licence (CC BY 4.0): share and adapt it for any purpose, crediting \"{title}\".")
THEIRS = ("The articles' texts, the raw pages they come from, and the titles and quotes taken from them "
          "(in this dataset too) are not ours and not under that licence: they remain the copyright of their "
          "authors and publishers, and are reproduced here for research and reference.")


def statement(title: str) -> str:
    """The licence statement, crediting the archive by its title (sources/site.yml)."""
    return f"{OURS.format(title=title)} {THEIRS}"
