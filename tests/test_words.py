"""The tokenizer gives exactly jieba's own words and tags, with jieba-rs finding the path and the faster decoder."""

from pathlib import Path

import jieba.posseg

from graph.extract import words

DATA = Path(__file__).parent / "data"


def test_every_sentence_of_the_test_texts_gets_jiebas_own_words_and_tags():
    words.warm_up()  # jieba with the gazetteer's words
    assert jieba.posseg.viterbi.__module__ == "jieba.posseg.viterbi"  # jieba's own decoder, not hmm.py's
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*")) if p.suffix in (".txt", ".md")]
    sentences = [s for text in texts for s in text.replace("。", "。\n").splitlines() if s.strip()]
    assert len(sentences) > 500
    ours = [words.words(s) for s in sentences]
    assert ours == [[(p.word, p.flag) for p in jieba.posseg.cut(s)] for s in sentences]


def test_names_the_dictionary_lacks_are_cut_and_tagged_by_the_hmm():
    # 郑小明 is no dictionary word: jieba's HMM reads it as a person's name, and the word after it is the dictionary's.
    assert words.words("郑小明教授出席") == [("郑小明", "nr"), ("教授", "n"), ("出席", "v")]


def test_latin_letters_digits_and_punctuation_are_read_as_jieba_reads_them():
    assert words.words("AI芯片3.5亿元，R&D") == [("AI", "eng"), ("芯片", "nz"), ("3.5", "m"), ("亿元", "m"), ("，", "x"),
                                             ("R", "eng"), ("&", "x"), ("D", "eng")]
