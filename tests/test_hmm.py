"""The faster part-of-speech decoder gives exactly jieba's own tags."""

import importlib
from pathlib import Path

import jieba.posseg

from graph.extract import entities, hmm

DATA = Path(__file__).parent / "data"


def test_the_fast_decoder_tags_every_sentence_of_the_test_texts_as_jieba_does():
    entities.warm_up()  # the tokenizer with the gazetteer's words, and the fast decoder in place
    jieba_decoder = importlib.import_module("jieba.posseg.viterbi").viterbi
    assert jieba.posseg.viterbi is hmm.viterbi and jieba_decoder is not hmm.viterbi
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*")) if p.suffix in (".txt", ".md")]
    sentences = [s for text in texts for s in text.replace("。", "。\n").splitlines() if s.strip()]
    assert len(sentences) > 500
    fast = [[(p.word, p.flag) for p in jieba.posseg.cut(s)] for s in sentences]
    try:
        jieba.posseg.viterbi = jieba_decoder
        slow = [[(p.word, p.flag) for p in jieba.posseg.cut(s)] for s in sentences]
    finally:
        jieba.posseg.viterbi = hmm.viterbi
    assert fast == slow
