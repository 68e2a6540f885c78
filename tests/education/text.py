"""Page text as a reader gets it, for the content and fact checks (no database needed)."""

import re
from pathlib import Path

from education import safety
from welltopia import languages

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO_ROOT / "education" / "content"
SPANISH_CONTENT_DIR = CONTENT_DIR / languages.SPANISH
# Every outside text our pages draw on, by name. Our words may share no run of COPY_RUN words with
# any of them. Only the clinic's article is quoted from; add a source here if a page ever is.
SOURCE_TEXTS = {"the clinic's article": REPO_ROOT.parent / "shared" / "source" / "ldn-for-ra-article.txt"}
COPY_RUN = 8  # words


def strip_markdown(body: str) -> str:
    """The body as a reader sees it: link text kept, Markdown syntax removed."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)
    text = re.sub(r"^\s{0,3}#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", text, flags=re.M)
    return text.replace("*", "").replace("_", " ").replace("`", "")


def reader_text(body: str, language: str = languages.DEFAULT) -> str:
    """A page body with the shared safety statements (in its language) put in, without its Markdown."""
    return strip_markdown(safety.expand(body, language))


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def plain(text: str, language: str = languages.DEFAULT) -> str:
    """Lower case, one space between words, plain dashes: what the fact terms match against."""
    text = reader_text(text, language).replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text.lower())


def spanish_words(text: str) -> list[str]:
    """The words of a Spanish text (accented letters and ñ are letters)."""
    return re.findall(r"[^\W_]+", text.lower())


def copied_runs(mine: str, source: str, run: int = COPY_RUN) -> list[str]:
    theirs = words(source)
    runs = {tuple(theirs[i : i + run]) for i in range(len(theirs) - run + 1)}
    ours = words(mine)
    return [
        " ".join(ours[i : i + run]) for i in range(len(ours) - run + 1) if tuple(ours[i : i + run]) in runs
    ]
