#!/usr/bin/env python3
"""Export a Hugging Face BERT, XLM-R or mT5 / T5 checkpoint to an MLNetConcepts model folder.

Run on a machine with internet access (or a local checkpoint folder) and `transformers`
installed, e.g.:

    pip install torch transformers onnx sentencepiece   # onnxruntime optional, for the check
    python3 models/export_hf.py --model bert-base-multilingual-cased --out models/mbert
    python3 models/export_hf.py --model xlm-roberta-base --out models/xlmr-base
    python3 models/export_hf.py --model ./my-finetuned-xlmr --out models/my-xlmr
    python3 models/export_hf.py --model google/mt5-base --out models/mt5-base

The architecture is detected from the checkpoint's config (model_type "bert",
"xlm-roberta", "mt5" or "t5"; fine-tuned variants keep their base model_type). The
folder gets model.onnx (every hidden state as an output, see docs/file-formats.md), model.json
and the tokenizer file (vocab.txt for bert, sentencepiece.bpe.model for xlm-roberta),
through the same mlnc_export.export_encoder as the tiny test models. A task head of a
fine-tuned checkpoint is not exported; only the encoder's hidden states are.

For mt5 / t5 the folder gets encoder.onnx (input_ids, attention_mask -> every encoder
hidden state), decoder.onnx (input_ids, encoder_hidden_states, encoder_attention_mask ->
every decoder hidden state; no cache, teacher forcing), spiece.model and a model.json
with "encoder" and "decoder" objects, through mlnc_export.export_t5 as models/tiny-t5.
The LM head is not exported. Both graphs hold the shared embedding table (250k rows in
mT5): mT5-base's graphs are about 1.1 and 1.2 GB; from mT5-large on a graph passes the
2 GB protobuf limit, so pass --external-data.

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
    if mt in ("mt5", "t5"):
        return "t5"
    raise SystemExit("unsupported model_type %r: export_hf.py handles bert, xlm-roberta, mt5 and t5 checkpoints" % mt)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="Hugging Face model id or local checkpoint folder")
    ap.add_argument("--out", required=True, help="output model folder")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--revision", default=None)
    ap.add_argument("--external-data", action="store_true",
                    help="store the weights in <graph>.onnx.data beside each .onnx (only needed above 2 GB)")
    ap.add_argument("--max-positions", type=int, default=512,
                    help="t5 only: longest sentence in pieces, </s> included (T5's relative positions set no hard limit; "
                         "mT5 was trained on 1024-piece inputs)")
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
    if arch == "t5":
        return export_t5(a, hf, config, tokenizer, torch, tk, mlnc_export)

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

    save_tokenizer_file(tokenizer, a.out, tok_file, ".txt" if arch == "bert" else ".model", a.model)

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
    check_tokenization(tokenizer, ours, (ours.bos_id, ours.eos_id, ours.pad_id),
                       (tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id), "bos/cls, eos/sep, pad")
    print("done: %s" % a.out)


def save_tokenizer_file(tokenizer, out, tok_file, suffix, model_name):
    """Saves the checkpoint's tokenizer vocabulary file as out/tok_file and removes anything else it saved."""
    os.makedirs(out, exist_ok=True)
    saved = tokenizer.save_vocabulary(out)
    src = next((p for p in saved if os.path.basename(p) == tok_file), None) or \
        next((p for p in saved if p.endswith(suffix)), None)
    if src is None:
        raise SystemExit("the tokenizer of %s did not save a %s (saved: %s)" % (model_name, tok_file, saved))
    if os.path.abspath(src) != os.path.abspath(os.path.join(out, tok_file)):
        shutil.move(src, os.path.join(out, tok_file))
    for p in saved:
        if os.path.exists(p) and os.path.basename(p) != tok_file:
            os.remove(p)


def check_tokenization(tokenizer, ours, specials, hf_specials, names):
    bad = 0
    for w in CHECK_WORDS:
        theirs = tokenizer(w, add_special_tokens=False)["input_ids"]
        mine = ours.word_ids(w)
        if list(theirs) != mine:
            bad += 1
            print("  tokenization differs for %r: transformers %s, mlnc_tokenize %s" % (w, list(theirs), mine))
    if tuple(specials) != tuple(hf_specials):
        print("  warning: special ids (%s) %s != transformers %s" % (names, tuple(specials), tuple(hf_specials)))
    print("tokenization check: %d/%d sample words identical" % (len(CHECK_WORDS) - bad, len(CHECK_WORDS)))


def export_t5(a, hf, config, tokenizer, torch, tk, mlnc_export):
    """mT5 / T5: encoder.onnx and decoder.onnx with every hidden state, spiece.model, model.json."""

    class EncoderStates(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.encoder = model.get_encoder()

        def forward(self, input_ids, attention_mask):
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True,
                               return_dict=True)
            return tuple(out.hidden_states)

    class DecoderStates(torch.nn.Module):
        # Teacher forcing over whole target sequences: no cache, no decoder attention mask (the
        # self-attention is causal and targets are right-padded, so padding never reaches a real step).
        def __init__(self, model):
            super().__init__()
            self.decoder = model.get_decoder()

        def forward(self, input_ids, encoder_hidden_states, encoder_attention_mask):
            out = self.decoder(input_ids=input_ids, encoder_hidden_states=encoder_hidden_states,
                               encoder_attention_mask=encoder_attention_mask, output_hidden_states=True,
                               use_cache=False, return_dict=True)
            return tuple(out.hidden_states)

    tok_file = "spiece.model"
    save_tokenizer_file(tokenizer, a.out, tok_file, ".model", a.model)
    num_layers = config.num_layers
    num_decoder_layers = getattr(config, "num_decoder_layers", None) or num_layers
    start = getattr(config, "decoder_start_token_id", 0)
    if start != 0 or config.pad_token_id != 0:
        print("warning: decoder_start_token_id %s, pad_token_id %s; MLNetConcepts starts the decoder from 0 (docs/file-formats.md)"
              % (start, config.pad_token_id))
    print("exporting %s (t5, %d encoder and %d decoder layers, d_model %d, max_positions %d) to %s"
          % (a.model, num_layers, num_decoder_layers, config.d_model, a.max_positions, a.out))
    mlnc_export.export_t5(
        EncoderStates(hf).eval(), DecoderStates(hf).eval(), a.out, tokenizer_file=tok_file, hidden_size=config.d_model,
        max_positions=a.max_positions, num_layers=num_layers, num_decoder_layers=num_decoder_layers, opset=a.opset,
        pad_id=config.pad_token_id, sample_token_id=min(1000, config.vocab_size - 5), external_data=a.external_data)

    ours = tk.T5SentencePieceTokenizer(os.path.join(a.out, tok_file))
    check_tokenization(tokenizer, ours, (ours.eos_id, ours.pad_id), (tokenizer.eos_token_id, tokenizer.pad_token_id),
                       "eos, pad")
    print("done: %s" % a.out)


if __name__ == "__main__":
    main()
