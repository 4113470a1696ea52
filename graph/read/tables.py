"""Table rows in the form the layout parser reads (`| a | b |`), whatever format the table came from."""

from __future__ import annotations

import re

_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def join_lines(text: str) -> str:
    """Lines wrapped inside a paragraph or cell, joined: nothing between Chinese characters, a space elsewhere."""
    return re.sub(r"\s+", " ", _CJK_BREAK.sub("", text)).strip()


def markdown_row(cells: list[str | None]) -> str:
    """One table row on one line; a pipe inside a cell becomes a space so it cannot split the cell."""
    return "| " + " | ".join(join_lines((cell or "").replace("|", " ")) for cell in cells) + " |"
