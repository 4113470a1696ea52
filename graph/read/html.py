"""Web pages: the main content only, without navigation, scripts, comments or footers (trafilatura), as Markdown.

trafilatura's Markdown keeps headings, list items and tables (as `| a | b |` rows), which the layout parser reads
as it reads a Markdown report. It escapes Markdown characters that were literal on the page; the escapes are
removed so the stored text reads as the page did. It also takes the page's main heading for metadata and leaves it
out of the text; the heading is put back, since a report's title says what its figures are about.
"""

from __future__ import annotations

import re

from ..errors import ReportError

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def read_html(html: str, name: str) -> str:
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    # A short page (one table, a few paragraphs) is still the main content, not a reason to fall back to raw text.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_formatting=True,
                               include_links=False, include_images=False, include_comments=False,
                               favor_recall=True, deduplicate=False, config=config)
    if not text or not text.strip():
        raise ReportError(f"{name}: the web page has no main text to read.")
    text = _ESCAPE.sub(r"\1", text).strip()
    heading = _main_heading(html)
    if heading and heading not in text[: len(heading) + 200]:
        text = f"# {heading}\n\n{text}"
    return text + "\n"


def _main_heading(html: str) -> str:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError):
        return ""
    found = tree.xpath("//h1")
    return " ".join(found[0].text_content().split()) if found else ""
