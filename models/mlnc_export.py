"""ONNX export shared by every model script (tiny builder, benchmark builder, export_hf).

export_encoder() writes out_dir/model.onnx and out_dir/model.json (docs/file-formats.md).
The module's forward(input_ids, attention_mask[, token_type_ids]) must return the tuple
of all hidden states: embedding output (layer 0), then every layer.

export_t5() writes out_dir/encoder.onnx, out_dir/decoder.onnx and a model.json with
"encoder" and "decoder" objects (see models/README.md): the encoder module's
forward(input_ids, attention_mask) and the decoder module's forward(input_ids,
encoder_hidden_states, encoder_attention_mask) each return all their hidden states.
"""

import inspect
import json
import os

import numpy as np
import torch

ARCHITECTURES = ("bert", "xlm-roberta")
DECODER_INPUTS = ["input_ids", "encoder_hidden_states", "encoder_attention_mask"]
TOKENIZER_KINDS = ("wordpiece", "sentencepiece")


def hidden_state_names(num_layers):
    return ["hidden_states.%d" % i for i in range(num_layers + 1)]


def input_names(has_token_type_ids):
    names = ["input_ids", "attention_mask"]
    if has_token_type_ids:
        names.append("token_type_ids")
    return names


def model_json(*, architecture, tokenizer_kind, tokenizer_file, lowercase, hidden_size, max_positions,
               num_layers, onnx_file="model.onnx"):
    return {
        "architecture": architecture,
        "component": "encoder",
        "onnx": onnx_file,
        "tokenizer": {"kind": tokenizer_kind, "file": tokenizer_file, "lowercase": bool(lowercase)},
        "hidden_states": hidden_state_names(num_layers),
        "hidden_size": int(hidden_size),
        "max_positions": int(max_positions),
        "num_layers": int(num_layers),
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def _sample_inputs(has_token_type_ids, pad_id, first_id, seq=7, batch=2):
    ids = torch.full((batch, seq), first_id, dtype=torch.int64)
    ids += torch.arange(seq, dtype=torch.int64)[None, :] % 3
    mask = torch.ones((batch, seq), dtype=torch.int64)
    if batch > 1:
        ids[1, seq - 2:] = pad_id
        mask[1, seq - 2:] = 0
    args = [ids, mask]
    if has_token_type_ids:
        args.append(torch.zeros_like(ids))
    return tuple(args)


def _export_graph(module, trace_args, onnx_path, inputs, outputs, dynamic_axes, opset, external_data):
    """torch.onnx.export (TorchScript exporter), then onnx.checker and a check of the input and output names."""
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter (newer torch defaults to dynamo)
    with torch.no_grad():
        torch.onnx.export(
            module,
            trace_args,
            onnx_path,
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            do_constant_folding=True,
            export_params=True,
            **kwargs,
        )

    import onnx

    if external_data:
        model = onnx.load(onnx_path)
        onnx.save_model(model, onnx_path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(onnx_path) + ".data", size_threshold=1024)
        onnx.checker.check_model(onnx_path)
    else:
        onnx.checker.check_model(onnx_path)
    model = onnx.load(onnx_path, load_external_data=False)
    got_inputs = [i.name for i in model.graph.input]
    got_outputs = [o.name for o in model.graph.output]
    if got_inputs != inputs:
        raise RuntimeError("exported inputs %s != %s" % (got_inputs, inputs))
    if got_outputs != outputs:
        raise RuntimeError("exported outputs %s != %s" % (got_outputs, outputs))


def export_encoder(module, out_dir, *, architecture, tokenizer_kind, tokenizer_file, lowercase, hidden_size,
                   max_positions, num_layers, has_token_type_ids, opset=17, pad_id=None, sample_token_id=5,
                   external_data=False, check_tolerance=1e-4, verbose=True):
    """Export `module` to out_dir/model.onnx and write out_dir/model.json.

    Inputs: input_ids, attention_mask (+ token_type_ids), int64 [batch, sequence], with
    dynamic batch and sequence axes. Outputs hidden_states.0 .. hidden_states.N,
    float32 [batch, sequence, hidden]. Weights are stored inside the .onnx unless
    external_data=True (then in model.onnx.data beside it; needed only above 2 GB).

    After export: onnx.checker, then a numeric comparison with the torch module on a
    padded sample batch of a different shape than the one traced, through onnxruntime
    when importable, else through the small numpy interpreter in mlnc_onnx_numpy
    (skipped for graphs over 2 GB when onnxruntime is missing). Returns the model.json dict.
    """
    if architecture not in ARCHITECTURES:
        raise ValueError("architecture must be one of %s" % (ARCHITECTURES,))
    if tokenizer_kind not in TOKENIZER_KINDS:
        raise ValueError("tokenizer_kind must be one of %s" % (TOKENIZER_KINDS,))
    if pad_id is None:
        pad_id = 0 if architecture == "bert" else 1
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "model.onnx")
    inputs = input_names(has_token_type_ids)
    outputs = hidden_state_names(num_layers)
    dynamic_axes = {name: {0: "batch", 1: "sequence"} for name in inputs}
    for name in outputs:
        dynamic_axes[name] = {0: "batch", 1: "sequence"}

    module.eval()
    trace_args = _sample_inputs(has_token_type_ids, pad_id, sample_token_id, seq=7, batch=2)
    with torch.no_grad():
        got = module(*trace_args)
    if not isinstance(got, (tuple, list)) or len(got) != num_layers + 1:
        raise ValueError("module must return a tuple of num_layers + 1 = %d hidden states, got %s"
                         % (num_layers + 1, type(got).__name__ if not isinstance(got, (tuple, list)) else len(got)))
    if got[0].shape[-1] != hidden_size:
        raise ValueError("hidden size mismatch: module gives %d, expected %d" % (got[0].shape[-1], hidden_size))

    _export_graph(module, trace_args, onnx_path, inputs, outputs, dynamic_axes, opset, external_data)

    meta = model_json(architecture=architecture, tokenizer_kind=tokenizer_kind, tokenizer_file=tokenizer_file,
                      lowercase=lowercase, hidden_size=hidden_size, max_positions=max_positions,
                      num_layers=num_layers)
    write_json(os.path.join(out_dir, "model.json"), meta)

    diff, how = check_onnx_against_torch(module, onnx_path, has_token_type_ids, pad_id, sample_token_id)
    if diff is None:
        if verbose:
            print("  %s: onnx.checker ok; numeric check skipped (%s)" % (onnx_path, how))
    else:
        if verbose:
            print("  %s: onnx.checker ok; max |onnx - torch| = %.3g via %s" % (onnx_path, diff, how))
        if diff > check_tolerance:
            raise RuntimeError("ONNX and torch outputs differ by %g (> %g)" % (diff, check_tolerance))
    return meta


def run_onnx(onnx_path, feeds, max_nodes_numpy=5000, max_bytes_numpy=2 << 30):
    """Run the ONNX model on numpy feeds -> (list of outputs, how). onnxruntime when
    importable, else mlnc_onnx_numpy; returns (None, reason) if neither applies."""
    try:
        import onnxruntime as ort
    except ImportError:
        ort = None
    if ort is not None:
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        return sess.run(None, feeds), "onnxruntime %s" % ort.__version__
    import onnx

    model = onnx.load(onnx_path)
    if len(model.graph.node) > max_nodes_numpy or sum(t.ByteSize() for t in model.graph.initializer) > max_bytes_numpy:
        return None, "onnxruntime not importable and graph too big for the numpy interpreter"
    from mlnc_onnx_numpy import run_model

    return run_model(model, feeds), "mlnc_onnx_numpy (onnxruntime not importable)"


def check_onnx_against_torch(module, onnx_path, has_token_type_ids, pad_id, sample_token_id):
    args = _sample_inputs(has_token_type_ids, pad_id, sample_token_id, seq=11, batch=3)
    feeds = {name: a.numpy() for name, a in zip(input_names(has_token_type_ids), args)}
    outs, how = run_onnx(onnx_path, feeds)
    if outs is None:
        return None, how
    with torch.no_grad():
        ref = module(*args)
    diff = 0.0
    for o, r in zip(outs, ref):
        r = r.numpy()
        if o.shape != r.shape:
            raise RuntimeError("ONNX output shape %s != torch %s" % (o.shape, r.shape))
        diff = max(diff, float(np.max(np.abs(o - r))))
    return diff, how


# ------------------------------------------------------------------------------ t5


def t5_model_json(*, tokenizer_file, hidden_size, max_positions, num_layers, num_decoder_layers):
    """model.json of a t5 folder: shared fields at the top, one object per graph."""
    return {
        "architecture": "t5",
        "tokenizer": {"kind": "sentencepiece", "file": tokenizer_file, "lowercase": False},
        "hidden_size": int(hidden_size),
        "max_positions": int(max_positions),
        "encoder": {"onnx": "encoder.onnx", "hidden_states": hidden_state_names(num_layers),
                    "num_layers": int(num_layers)},
        "decoder": {"onnx": "decoder.onnx", "hidden_states": hidden_state_names(num_decoder_layers),
                    "num_layers": int(num_decoder_layers)},
    }


def _t5_sample(pad_id, first_id, seq, batch, target_seq):
    ids, mask = _sample_inputs(False, pad_id, first_id, seq=seq, batch=batch)
    target = torch.full((batch, target_seq), first_id + 1, dtype=torch.int64)
    target += torch.arange(target_seq, dtype=torch.int64)[None, :] % 4
    target[:, 0] = pad_id  # the decoder start token
    if batch > 1:
        target[1, target_seq - 1:] = pad_id  # right padding
    return ids, mask, target


def export_t5(encoder, decoder, out_dir, *, tokenizer_file, hidden_size, max_positions, num_layers,
              num_decoder_layers, opset=17, pad_id=0, sample_token_id=5, external_data=False, check_tolerance=1e-4,
              verbose=True):
    """Export a T5-style encoder-decoder to out_dir/encoder.onnx and out_dir/decoder.onnx and write model.json.

    encoder: forward(input_ids, attention_mask) -> num_layers + 1 hidden states.
    decoder: forward(input_ids, encoder_hidden_states, encoder_attention_mask) -> num_decoder_layers + 1
    hidden states; it reads the encoder's last hidden state. Batch, encoder and decoder sequence axes are
    dynamic; both graphs output hidden_states.0 .. hidden_states.N. Afterwards both graphs are compared
    with torch on a padded batch of another shape than the traced one. Returns the model.json dict.
    """
    os.makedirs(out_dir, exist_ok=True)
    encoder.eval()
    decoder.eval()
    ids, mask, target = _t5_sample(pad_id, sample_token_id, seq=7, batch=2, target_seq=5)
    with torch.no_grad():
        enc = encoder(ids, mask)
        dec = decoder(target, enc[-1], mask)
    for what, got, n in (("encoder", enc, num_layers), ("decoder", dec, num_decoder_layers)):
        if not isinstance(got, (tuple, list)) or len(got) != n + 1:
            raise ValueError("%s must return a tuple of %d hidden states" % (what, n + 1))
        if got[0].shape[-1] != hidden_size:
            raise ValueError("%s hidden size %d, expected %d" % (what, got[0].shape[-1], hidden_size))

    enc_inputs = input_names(False)
    enc_outputs = hidden_state_names(num_layers)
    axes = {name: {0: "batch", 1: "sequence"} for name in enc_inputs + enc_outputs}
    _export_graph(encoder, (ids, mask), os.path.join(out_dir, "encoder.onnx"), enc_inputs, enc_outputs, axes, opset,
                  external_data)
    dec_outputs = hidden_state_names(num_decoder_layers)
    axes = {"input_ids": {0: "batch", 1: "decoder_sequence"},
            "encoder_hidden_states": {0: "batch", 1: "encoder_sequence"},
            "encoder_attention_mask": {0: "batch", 1: "encoder_sequence"}}
    axes.update({name: {0: "batch", 1: "decoder_sequence"} for name in dec_outputs})
    _export_graph(decoder, (target, enc[-1], mask), os.path.join(out_dir, "decoder.onnx"), DECODER_INPUTS,
                  dec_outputs, axes, opset, external_data)

    meta = t5_model_json(tokenizer_file=tokenizer_file, hidden_size=hidden_size, max_positions=max_positions,
                         num_layers=num_layers, num_decoder_layers=num_decoder_layers)
    write_json(os.path.join(out_dir, "model.json"), meta)

    ids, mask, target = _t5_sample(pad_id, sample_token_id, seq=11, batch=3, target_seq=9)
    with torch.no_grad():
        enc = encoder(ids, mask)
        dec = decoder(target, enc[-1], mask)
    for name, feeds, ref in (
            ("encoder.onnx", {"input_ids": ids.numpy(), "attention_mask": mask.numpy()}, enc),
            ("decoder.onnx", {"input_ids": target.numpy(), "encoder_hidden_states": enc[-1].numpy(),
                              "encoder_attention_mask": mask.numpy()}, dec)):
        path = os.path.join(out_dir, name)
        outs, how = run_onnx(path, feeds)
        if outs is None:
            if verbose:
                print("  %s: onnx.checker ok; numeric check skipped (%s)" % (path, how))
            continue
        diff = max(float(np.max(np.abs(o - r.numpy()))) for o, r in zip(outs, ref))
        if verbose:
            print("  %s: onnx.checker ok; max |onnx - torch| = %.3g via %s" % (path, diff, how))
        if diff > check_tolerance:
            raise RuntimeError("%s: ONNX and torch outputs differ by %g (> %g)" % (name, diff, check_tolerance))
    return meta
