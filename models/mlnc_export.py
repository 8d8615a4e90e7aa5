"""ONNX export shared by every model script (tiny builder, benchmark builder, export_hf).

export_encoder() writes out_dir/model.onnx and out_dir/model.json (SPEC section 2).
The module's forward(input_ids, attention_mask[, token_type_ids]) must return the tuple
of all hidden states: embedding output (layer 0), then every layer.
"""

import inspect
import json
import os

import numpy as np
import torch

ARCHITECTURES = ("bert", "xlm-roberta")
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
                        location="model.onnx.data", size_threshold=1024)
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
