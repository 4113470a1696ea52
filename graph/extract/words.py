"""Words and their parts of speech, as jieba's tagger (`jieba.posseg.cut`) gives them, three times faster.

jieba cuts a sentence along the most probable path through its dictionary and tags each word with the
dictionary's tag; a run of single characters on that path that the dictionary does not know as a word goes to an
HMM that cuts and tags it at once (names, mostly). Finding the path is most of the cost, and jieba-rs (Rust, the
same algorithm and dictionary) finds it several times faster than jieba's Python. So jieba-rs finds the path,
given the words this project adds to the dictionary (the gazetteer's names) with jieba's own frequencies; the
tags, the HMM (hmm.py's decoder) and the reading of digits, Latin letters and punctuation stay jieba's. The words
and tags are jieba's to the character (tests/test_words.py).
"""

from __future__ import annotations

import logging
import re
from functools import cache

from .. import gazetteer
from . import hmm

_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._]+)")  # what jieba segments; the rest is one token per character
_HAN = re.compile("([\u4e00-\u9fd5]+)")
_NUMBER_OR_LATIN = re.compile(r"([.0-9]+|[a-zA-Z0-9]+)")
_NUMBER = re.compile(r"[.0-9]+")
_LATIN = re.compile(r"[a-zA-Z0-9]+")
_NO_TEXT = "\ue000\ue000"  # private-use characters: outside what jieba segments


@cache
def _dictionary():
    """jieba-rs with the gazetteer's names, and jieba's word frequencies, tags and HMM model."""
    import jieba
    import jieba.posseg
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    names = [n for entry in gazetteer.entries() for n in entry.names if re.search(r"[\u4e00-\u9fff]", n)]
    before, total_before = {name: jieba.dt.FREQ.get(name, 0) for name in names}, jieba.dt.total
    for name in names:
        jieba.add_word(name, tag="nz")
    jieba.posseg.dt.makesure_userdict_loaded()  # the added words' tags join the tag table
    rust = rjieba.Jieba()
    for name in before:
        rust.add_word(name, jieba.dt.FREQ[name], "nz")
    # jieba adds a word's frequency to its total each time the word is added, without taking off the frequency
    # it had; jieba-rs replaces it. A word no text contains carries the difference, so both weigh paths alike.
    rust_growth = sum(jieba.dt.FREQ[name] - old for name, old in before.items())
    rust.add_word(_NO_TEXT, jieba.dt.total - total_before - rust_growth, "x")
    p = jieba.posseg
    return rust, jieba.dt.FREQ, p.dt.word_tag_tab, (p.char_state_tab_P, p.start_P, p.trans_P, p.emit_P)


def frequency(word: str) -> int:
    """How often jieba's dictionary counts the word (0: not a word it knows)."""
    return _dictionary()[1].get(word, 0)


def tag(word: str) -> str:
    """The dictionary's part of speech for a word ("" if it has none)."""
    return _dictionary()[2].get(word, "")


def warm_up() -> None:
    """Load the dictionaries now (before worker processes fork, so they share them)."""
    _dictionary()


def words(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) for each word of `text`, in order; the words join up to `text`."""
    rust, freq, tags, _model = _dictionary()
    out: list[tuple[str, str]] = []
    for block in _BLOCK.split(text):
        if not _BLOCK.fullmatch(block):
            out += [(c, "x") for c in re.findall(r"\r\n|.", block, re.DOTALL)]
            continue
        single = ""  # characters the path leaves single (jieba-rs joins runs of Latin letters: so are they)
        for word in rust.cut(block, False):
            if len(word) == 1 or not freq.get(word):
                single += word
                continue
            if single:
                out += _singles(single)
                single = ""
            out.append((word, tags.get(word, "x")))
        if single:
            out += _singles(single)
    return out


def _singles(run: str) -> list[tuple[str, str]]:
    """A run of single characters: one character takes its dictionary tag; a run the dictionary does not know as
    a word goes to the HMM; a run it knows (but the path cut) stays single characters."""
    _rust, freq, tags, _model = _dictionary()
    if len(run) == 1:
        return [(run, tags.get(run, "x"))]
    if freq.get(run):
        return [(c, tags.get(c, "x")) for c in run]
    out: list[tuple[str, str]] = []
    for piece in _HAN.split(run):
        if _HAN.fullmatch(piece):
            out += _tagged_by_hmm(piece)
            continue
        for part in _NUMBER_OR_LATIN.split(piece):
            if part:
                out.append((part, "m" if _NUMBER.match(part) else "eng" if _LATIN.match(part) else "x"))
    return out


def _tagged_by_hmm(han: str) -> list[tuple[str, str]]:
    """Cut and tag Chinese characters the dictionary does not know, with jieba's part-of-speech HMM: each
    character's state is its place in a word (Begin, Middle, End, Single) and the word's tag."""
    _prob, states = hmm.viterbi(han, *_dictionary()[3])
    out, begin, done = [], 0, 0
    for i, (place, pos) in enumerate(states):
        if place == "B":
            begin = i
        elif place == "E":
            out.append((han[begin : i + 1], pos))
            done = i + 1
        elif place == "S":
            out.append((han[i], pos))
            done = i + 1
    if done < len(han):  # a word the states leave open at the end
        out.append((han[done:], states[done][1]))
    return out
