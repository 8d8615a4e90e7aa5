#!/usr/bin/env python3
"""Export a Hugging Face BERT or XLM-R checkpoint to an MLNetConcepts model folder.

Run on a machine with internet access (or a local checkpoint folder) and `transformers`
installed, e.g.:

    pip install torch transformers onnx sentencepiece   # onnxruntime optional, for the check
    python3 models/export_hf.py --model bert-base-multilingual-cased --out models/mbert
    python3 models/export_hf.py --model xlm-roberta-base --out models/xlmr-base
    python3 models/export_hf.py --model ./my-finetuned-xlmr --out models/my-xlmr

The architecture is detected from the checkpoint's config (model_type "bert" or
"xlm-roberta"; fine-tuned variants keep their base model_type). The folder gets
model.onnx (every hidden state as an output, see SPEC section 2), model.json and the
tokenizer file (vocab.txt for bert, sentencepiece.bpe.model for xlm-roberta), through
the same mlnc_export.export_encoder as the tiny test models. A task head of a
fine-tuned checkpoint is not exported; only the encoder's hidden states are.

Afterwards the word-by-word tokenization of mlnc_tokenize (what the C# side
reproduces) is compared with the checkpoint's own tokenizer on a few sample words and
any difference is printed.
"""

import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

CHECK_WORDS = ["The", "photographers", "unbelievably", "Straße", "Größe", "garçon", "l'école.", "Hello,",
               "(très)", "aujourd'hui", "القطة", "Ωμέγα", "漢字", "\u200b", "naïve", "e-mail", "2024"]


def _require(module, pip_name=None):
    try:
        return __import__(module)
    except ImportError:
        raise SystemExit("export_hf.py needs the Python package '%s' (pip install %s); it is not installed here."
                         % (module, pip_name or module))


def detect_architecture(config):
    mt = getattr(config, "model_type", None)
    if mt == "bert":
        return "bert"
    if mt in ("xlm-roberta", "xlm_roberta"):
        return "xlm-roberta"
    raise SystemExit("unsupported model_type %r: export_hf.py handles bert and xlm-roberta checkpoints" % mt)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="Hugging Face model id or local checkpoint folder")
    ap.add_argument("--out", required=True, help="output model folder")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--revision", default=None)
    ap.add_argument("--external-data", action="store_true",
                    help="store the weights in model.onnx.data beside model.onnx (only needed above 2 GB)")
    a = ap.parse_args()

    torch = _require("torch")
    _require("onnx")
    transformers = _require("transformers")
    import mlnc_export
    import mlnc_tokenize as tk

    config = transformers.AutoConfig.from_pretrained(a.model, revision=a.revision)
    arch = detect_architecture(config)
    kwargs = dict(revision=a.revision, output_hidden_states=True)
    try:  # eager attention traces cleanly (no SDPA / flash kernels in the graph)
        hf = transformers.AutoModel.from_pretrained(a.model, attn_implementation="eager", **kwargs)
    except (TypeError, ValueError):
        hf = transformers.AutoModel.from_pretrained(a.model, **kwargs)
    hf.eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(a.model, revision=a.revision)

    num_layers = config.num_hidden_layers
    hidden = config.hidden_size
    if arch == "bert":
        max_positions = config.max_position_embeddings
        has_types = True
        kind, tok_file = "wordpiece", "vocab.txt"
        lowercase = bool(getattr(tokenizer, "do_lower_case", False))
        pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    else:
        # RoBERTa positions start at padding_idx + 1, so 514 position rows hold 512 tokens.
        max_positions = config.max_position_embeddings - config.pad_token_id - 1
        has_types = False
        kind, tok_file = "sentencepiece", "sentencepiece.bpe.model"
        lowercase = False
        pad_id = config.pad_token_id

    class HiddenStates(torch.nn.Module):
        def __init__(self, model, with_types):
            super().__init__()
            self.model = model
            self.with_types = with_types

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            kw = dict(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True, return_dict=True)
            if self.with_types:
                kw["token_type_ids"] = token_type_ids
            return tuple(self.model(**kw).hidden_states)

    class HiddenStatesNoTypes(HiddenStates):
        def forward(self, input_ids, attention_mask):
            return super().forward(input_ids, attention_mask)

    module = HiddenStates(hf, True) if has_types else HiddenStatesNoTypes(hf, False)
    module.eval()

    os.makedirs(a.out, exist_ok=True)
    saved = tokenizer.save_vocabulary(a.out)
    src = next((p for p in saved if os.path.basename(p) == tok_file), None) or \
        next((p for p in saved if p.endswith(".txt" if arch == "bert" else ".model")), None)
    if src is None:
        raise SystemExit("the tokenizer of %s did not save a %s (saved: %s)" % (a.model, tok_file, saved))
    if os.path.abspath(src) != os.path.abspath(os.path.join(a.out, tok_file)):
        shutil.move(src, os.path.join(a.out, tok_file))
    for p in saved:
        if os.path.exists(p) and os.path.basename(p) != tok_file:
            os.remove(p)

    strip_accents = getattr(tokenizer, "strip_accents", None)
    if arch == "bert" and strip_accents is not None and bool(strip_accents) != lowercase:
        print("warning: tokenizer strip_accents=%s differs from do_lower_case=%s; mlnc_tokenize strips accents "
              "exactly when lowercasing" % (strip_accents, lowercase))

    print("exporting %s (%s, %d layers, hidden %d, max_positions %d) to %s"
          % (a.model, arch, num_layers, hidden, max_positions, a.out))
    mlnc_export.export_encoder(
        module, a.out, architecture=arch, tokenizer_kind=kind, tokenizer_file=tok_file, lowercase=lowercase,
        hidden_size=hidden, max_positions=max_positions, num_layers=num_layers, has_token_type_ids=has_types,
        opset=a.opset, pad_id=pad_id, sample_token_id=min(1000, config.vocab_size - 3), external_data=a.external_data)

    # Tokenization check: mlnc_tokenize word by word vs the checkpoint's tokenizer.
    ours = tk.make_tokenizer(kind, os.path.join(a.out, tok_file), lowercase)
    bad = 0
    for w in CHECK_WORDS:
        theirs = tokenizer(w, add_special_tokens=False)["input_ids"]
        mine = ours.word_ids(w)
        if list(theirs) != mine:
            bad += 1
            print("  tokenization differs for %r: transformers %s, mlnc_tokenize %s" % (w, list(theirs), mine))
    specials = (ours.bos_id, ours.eos_id, ours.pad_id)
    hf_specials = (tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id)
    if specials != hf_specials:
        print("  warning: special ids (bos/cls, eos/sep, pad) %s != transformers %s" % (specials, hf_specials))
    print("tokenization check: %d/%d sample words identical" % (len(CHECK_WORDS) - bad, len(CHECK_WORDS)))
    print("done: %s" % a.out)


if __name__ == "__main__":
    main()
