"""A minimal numpy interpreter for the ONNX ops that the exported encoders and t5 decoders use.

Only a fallback for checking exported graphs where onnxruntime is not installed
(Debian has no python3-onnxruntime). It runs the graph node by node in topological
order (as stored) with float32 arithmetic; unsupported ops raise NotImplementedError.
"""

import math

import numpy as np
from onnx import helper, numpy_helper

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _np_dtype(onnx_type):
    return helper.tensor_dtype_to_np_dtype(onnx_type) if hasattr(helper, "tensor_dtype_to_np_dtype") \
        else __import__("onnx").mapping.TENSOR_TYPE_TO_NP_TYPE[onnx_type]


def _layer_norm(x, scale, bias=None, axis=-1, epsilon=1e-5, **_):
    axis = axis % x.ndim
    axes = tuple(range(axis, x.ndim))
    xd = x.astype(np.float64)
    mean = xd.mean(axis=axes, keepdims=True)
    var = ((xd - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (xd - mean) / np.sqrt(var + epsilon) * scale
    if bias is not None:
        y = y + bias
    return y.astype(x.dtype)


def _softmax(x, axis=-1):
    xd = x.astype(np.float64)
    e = np.exp(xd - xd.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(x.dtype)


def _slice(data, starts, ends, axes=None, steps=None):
    if axes is None:
        axes = range(len(starts))
    if steps is None:
        steps = [1] * len(starts)
    idx = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        idx[int(a)] = slice(int(max(min(s, 2**62), -2**62)), int(max(min(e, 2**62), -2**62)), int(st))
    return data[tuple(idx)]


def _reshape(data, shape, allowzero=0):
    shape = [int(s) for s in shape]
    if not allowzero:
        shape = [data.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return data.reshape(shape)


def _cumsum(x, axis, exclusive=0, reverse=0):
    axis = int(np.asarray(axis).reshape(-1)[0])
    if reverse:
        x = np.flip(x, axis)
    y = np.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        y = y - x
    if reverse:
        y = np.flip(y, axis)
    return y


def _run_node(node, ins):
    op = node.op_type
    at = _attrs(node)
    if op == "Constant":
        return [numpy_helper.to_array(at["value"])]
    if op in ("Add", "Sub", "Mul", "Div"):
        a, b = ins
        if op == "Add":
            r = a + b
        elif op == "Sub":
            r = a - b
        elif op == "Mul":
            r = a * b
        else:
            r = np.fix(a / b) if np.issubdtype(a.dtype, np.integer) else a / b
        return [np.asarray(r).astype(np.result_type(a, b))]
    if op == "MatMul":
        return [np.matmul(ins[0], ins[1])]
    if op == "Gather":
        axis = at.get("axis", 0)
        return [np.take(ins[0], ins[1].astype(np.int64), axis=axis)]
    if op == "Unsqueeze":
        axes = sorted(int(a) for a in (ins[1] if len(ins) > 1 else at["axes"]))
        x = ins[0]
        for a in axes:
            x = np.expand_dims(x, a if a >= 0 else a + x.ndim + 1)
        return [x]
    if op == "Squeeze":
        axes = ins[1] if len(ins) > 1 and ins[1] is not None else at.get("axes")
        return [np.squeeze(ins[0], axis=None if axes is None else tuple(int(a) for a in axes))]
    if op == "Shape":
        s = np.array(ins[0].shape, dtype=np.int64)
        return [s[at.get("start", 0):at.get("end", len(s))]]
    if op == "Concat":
        return [np.concatenate(ins, axis=at["axis"])]
    if op == "Reshape":
        return [_reshape(ins[0], ins[1], at.get("allowzero", 0))]
    if op == "Transpose":
        return [np.transpose(ins[0], at.get("perm"))]
    if op == "LayerNormalization":
        return [_layer_norm(*ins, axis=at.get("axis", -1), epsilon=at.get("epsilon", 1e-5))]
    if op == "Softmax":
        return [_softmax(ins[0], at.get("axis", -1))]
    if op == "Erf":
        return [_erf(ins[0]).astype(ins[0].dtype)]
    if op == "Sqrt":
        return [np.sqrt(ins[0])]
    if op == "Pow":
        return [np.power(ins[0], ins[1]).astype(ins[0].dtype)]
    if op == "ReduceMean":
        axes = at.get("axes")
        if axes is None and len(ins) > 1:
            axes = ins[1]
        return [np.mean(ins[0], axis=tuple(int(a) for a in axes), keepdims=bool(at.get("keepdims", 1)))
                .astype(ins[0].dtype)]
    if op == "Cast":
        return [ins[0].astype(_np_dtype(at["to"]))]
    if op == "Equal":
        return [np.equal(ins[0], ins[1])]
    if op == "Greater":
        return [np.greater(ins[0], ins[1])]
    if op == "Less":
        return [np.less(ins[0], ins[1])]
    if op == "Range":
        start, limit, delta = (np.asarray(x).reshape(-1)[0] for x in ins)
        return [np.arange(start, limit, delta).astype(np.asarray(ins[0]).dtype)]
    if op == "Not":
        return [np.logical_not(ins[0])]
    if op == "Where":
        return [np.where(ins[0], ins[1], ins[2])]
    if op == "CumSum":
        return [_cumsum(ins[0], ins[1], at.get("exclusive", 0), at.get("reverse", 0))]
    if op == "ConstantOfShape":
        v = numpy_helper.to_array(at["value"]) if "value" in at else np.zeros(1, np.float32)
        return [np.full([int(s) for s in ins[0]], v.reshape(-1)[0], dtype=v.dtype)]
    if op == "Slice":
        rest = [None if x is None else list(x) for x in ins[3:5]] + [None] * (2 - len(ins[3:5]))
        return [_slice(ins[0], list(ins[1]), list(ins[2]), rest[0], rest[1])]
    if op == "Expand":
        return [ins[0] * np.ones([int(s) for s in ins[1]], dtype=ins[0].dtype)]
    if op == "Identity":
        return [ins[0]]
    if op == "Tanh":
        return [np.tanh(ins[0])]
    raise NotImplementedError("mlnc_onnx_numpy: op %s not supported" % op)


def run_model(model, feeds):
    """Run an onnx.ModelProto on a dict of numpy inputs -> list of outputs (graph order)."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        ins = [env[n] if n else None for n in node.input]
        outs = _run_node(node, ins)
        for name, val in zip(node.output, outs):
            if name:
                env[name] = np.asarray(val)
    return [env[o.name] for o in model.graph.output]
