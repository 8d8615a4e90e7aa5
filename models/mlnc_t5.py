"""A plain-torch T5 / mT5 shaped encoder-decoder (no `transformers` needed).

Used for the tiny test model models/tiny-t5. It has the interface of a Hugging Face
mT5 export (what the C# side runs), not its position scheme:

* Shared token embedding for encoder and decoder, not scaled (as T5).
* **Positions: learned absolute position embeddings** (positions 0..S-1, one table per
  stack) added to the token embedding. Hugging Face T5 uses relative position buckets
  inside the attention instead; the tests only need the graph interface and a model
  that is sensitive to positions, so the buckets are left out.
* T5 LayerNorm (RMS norm): weight * x / sqrt(mean(x^2) + eps), no bias, no mean
  subtraction, eps 1e-6.
* Pre-norm layers: x + SelfAttention(norm(x)), [decoder: x + CrossAttention(norm(x), enc)],
  x + FeedForward(norm(x)). Attention has no biases and no 1/sqrt(d) scaling (T5
  folds it into the initialisation). Feed-forward is mT5's gated GELU (tanh form):
  wo(gelu(wi_0 x) * wi_1 x).
* Masks: padded encoder keys and future decoder keys get torch.finfo(float32).min
  added to the attention scores before softmax (the Hugging Face convention).
* Hidden states as Hugging Face returns them: index 0 = embedding output, index i =
  output of layer i for i < N, index N = final_layer_norm(output of layer N). The
  decoder's cross-attention reads the encoder's index N (its last_hidden_state).

EncoderGraph.forward(input_ids, attention_mask) and
DecoderGraph.forward(input_ids, encoder_hidden_states, encoder_attention_mask) are the
two ONNX signatures (docs/file-formats.md). The decoder needs no attention mask of its own:
target batches are right-padded and the self-attention is causal, so a padded position
is never seen by a real one.
"""

import math

import torch
from torch import nn

import mlnc_encoder


class T5Config:
    def __init__(self, vocab_size, hidden_size, num_layers, num_decoder_layers, num_heads, intermediate_size,
                 max_positions, pad_id=0, eos_id=1, decoder_start_id=0, layer_norm_eps=1e-6):
        self.architecture = "t5"
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_decoder_layers = num_decoder_layers
        self.num_heads = num_heads
        self.intermediate_size = intermediate_size
        self.max_positions = max_positions
        self.pad_id = pad_id
        self.eos_id = eos_id
        self.decoder_start_id = decoder_start_id
        self.layer_norm_eps = layer_norm_eps

    def to_dict(self):
        return dict(self.__dict__)


class T5LayerNorm(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        variance = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x / torch.sqrt(variance + self.eps))


class Attention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        if hidden % heads:
            raise ValueError("hidden size must be divisible by the number of heads")
        self.heads = heads
        self.head_dim = hidden // heads
        self.q = nn.Linear(hidden, hidden, bias=False)
        self.k = nn.Linear(hidden, hidden, bias=False)
        self.v = nn.Linear(hidden, hidden, bias=False)
        self.o = nn.Linear(hidden, hidden, bias=False)

    def _split(self, x):
        return x.reshape(x.shape[0], x.shape[1], self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, keys, additive_mask):
        q = self._split(self.q(x))
        k = self._split(self.k(keys))
        v = self._split(self.v(keys))
        scores = torch.matmul(q, k.transpose(-1, -2)) + additive_mask
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).transpose(1, 2)
        return self.o(ctx.reshape(ctx.shape[0], ctx.shape[1], self.heads * self.head_dim))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class FeedForward(nn.Module):
    def __init__(self, hidden, intermediate):
        super().__init__()
        self.wi_0 = nn.Linear(hidden, intermediate, bias=False)
        self.wi_1 = nn.Linear(hidden, intermediate, bias=False)
        self.wo = nn.Linear(intermediate, hidden, bias=False)

    def forward(self, x):
        return self.wo(gelu_tanh(self.wi_0(x)) * self.wi_1(x))


class Layer(nn.Module):
    def __init__(self, cfg, cross):
        super().__init__()
        h, eps = cfg.hidden_size, cfg.layer_norm_eps
        self.self_attention_norm = T5LayerNorm(h, eps)
        self.self_attention = Attention(h, cfg.num_heads)
        self.cross = cross
        if cross:
            self.cross_attention_norm = T5LayerNorm(h, eps)
            self.cross_attention = Attention(h, cfg.num_heads)
        self.feed_forward_norm = T5LayerNorm(h, eps)
        self.feed_forward = FeedForward(h, cfg.intermediate_size)

    def forward(self, x, self_mask, encoder_states=None, cross_mask=None):
        y = self.self_attention_norm(x)
        x = x + self.self_attention(y, y, self_mask)
        if self.cross:
            x = x + self.cross_attention(self.cross_attention_norm(x), encoder_states, cross_mask)
        return x + self.feed_forward(self.feed_forward_norm(x))


def _additive(mask):
    """[B, S] 0/1 key mask -> [B, 1, 1, S] additive mask."""
    return (1.0 - mask.to(torch.float32)[:, None, None, :]) * torch.finfo(torch.float32).min


class Stack(nn.Module):
    def __init__(self, cfg, num_layers, cross):
        super().__init__()
        self.position_embeddings = nn.Embedding(cfg.max_positions, cfg.hidden_size)
        self.layers = nn.ModuleList([Layer(cfg, cross) for _ in range(num_layers)])
        self.final_layer_norm = T5LayerNorm(cfg.hidden_size, cfg.layer_norm_eps)

    def forward(self, x, self_mask, encoder_states=None, cross_mask=None):
        positions = torch.arange(x.shape[1], dtype=torch.int64)
        x = x + self.position_embeddings(positions)[None, :, :]
        states = [x]
        for i, layer in enumerate(self.layers):
            x = layer(x, self_mask, encoder_states, cross_mask)
            states.append(self.final_layer_norm(x) if i == len(self.layers) - 1 else x)
        return tuple(states)


class T5Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.shared = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.encoder = Stack(cfg, cfg.num_layers, cross=False)
        self.decoder = Stack(cfg, cfg.num_decoder_layers, cross=True)

    def init_random(self, seed, std=0.2):
        """Deterministic random weights (mlnc_encoder.init_random: T5's RMS norms count as norms)."""
        return mlnc_encoder.init_random(self, seed, std)

    def checksum(self):
        return mlnc_encoder.weights_checksum(self)

    def encode(self, input_ids, attention_mask):
        """Tuple of num_layers + 1 encoder hidden states."""
        return self.encoder(self.shared(input_ids), _additive(attention_mask))

    def decode(self, input_ids, encoder_hidden_states, encoder_attention_mask):
        """Tuple of num_decoder_layers + 1 decoder hidden states (teacher forcing: input_ids are the
        target shifted right behind the start token)."""
        n = input_ids.shape[1]
        positions = torch.arange(n, dtype=torch.int64)
        # Causal mask built from comparisons (exports as plain ONNX ops; no Trilu).
        future = (positions[None, :] > positions[:, None]).to(torch.float32)
        causal = (future * torch.finfo(torch.float32).min)[None, None, :, :]
        return self.decoder(self.shared(input_ids), causal, encoder_hidden_states, _additive(encoder_attention_mask))


class EncoderGraph(nn.Module):
    """forward(input_ids, attention_mask) -> encoder hidden states (the encoder.onnx signature)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class DecoderGraph(nn.Module):
    """forward(input_ids, encoder_hidden_states, encoder_attention_mask) -> decoder hidden states."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_hidden_states, encoder_attention_mask):
        return self.model.decode(input_ids, encoder_hidden_states, encoder_attention_mask)


def build(cfg, seed, std=0.2):
    model = T5Model(cfg).init_random(seed, std)
    model.eval()
    return model
