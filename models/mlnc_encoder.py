"""A plain-torch BERT / XLM-R shaped encoder (no `transformers` needed).

Used for the tiny test models and the random-weight benchmark model. forward() returns
the tuple of all hidden states: index 0 = embedding output (after the embedding
LayerNorm), index i = output of layer i, each float32 [batch, sequence, hidden].

* bert: word + absolute position (0..S-1) + token-type embeddings, LayerNorm (eps 1e-12).
* xlm-roberta: word + position + token-type (type 0 only, no token_type_ids input)
  embeddings, LayerNorm (eps 1e-5); positions as in Hugging Face RoBERTa:
  padding_idx = 1, position id = cumsum(input_ids != pad) * (input_ids != pad) + 1, so
  real tokens get 2, 3, ... and the position table has max_positions + 2 rows.
* layers: post-LN transformer layers (self-attention + residual + LayerNorm, GELU (erf)
  feed-forward + residual + LayerNorm). Masked keys get torch.finfo(float32).min added
  to the attention scores before softmax (the Hugging Face convention).
"""

import math

import torch
from torch import nn


class EncoderConfig:
    def __init__(self, architecture, vocab_size, hidden_size, num_layers, num_heads,
                 intermediate_size, max_positions, pad_id, type_vocab_size=None, layer_norm_eps=None):
        if architecture not in ("bert", "xlm-roberta"):
            raise ValueError("architecture must be bert or xlm-roberta")
        self.architecture = architecture
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_heads = num_heads
        self.intermediate_size = intermediate_size
        self.max_positions = max_positions  # tokens per sequence, specials included
        self.pad_id = pad_id
        self.type_vocab_size = type_vocab_size or (2 if architecture == "bert" else 1)
        self.layer_norm_eps = layer_norm_eps or (1e-12 if architecture == "bert" else 1e-5)

    def to_dict(self):
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d):
        return cls(**d)


class SelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        if hidden % heads:
            raise ValueError("hidden size must be divisible by the number of heads")
        self.heads = heads
        self.head_dim = hidden // heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.output = nn.Linear(hidden, hidden)

    def _split(self, x):
        # [B, S, H] -> [B, heads, S, head_dim]
        return x.reshape(x.shape[0], x.shape[1], self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, additive_mask):
        q = self._split(self.query(x))
        k = self._split(self.key(x))
        v = self._split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores + additive_mask
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).transpose(1, 2)
        ctx = ctx.reshape(ctx.shape[0], ctx.shape[1], self.heads * self.head_dim)
        return self.output(ctx)


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg.hidden_size
        self.attention = SelfAttention(h, cfg.num_heads)
        self.attention_norm = nn.LayerNorm(h, eps=cfg.layer_norm_eps)
        self.intermediate = nn.Linear(h, cfg.intermediate_size)
        self.output = nn.Linear(cfg.intermediate_size, h)
        self.output_norm = nn.LayerNorm(h, eps=cfg.layer_norm_eps)

    def forward(self, x, additive_mask):
        x = self.attention_norm(x + self.attention(x, additive_mask))
        y = self.output(nn.functional.gelu(self.intermediate(x)))
        return self.output_norm(x + y)


def init_random(module, seed, std=0.2):
    """Deterministic random weights, in parameter order: every parameter ~ N(0, std), norm weights
    ~ 1 + N(0, std / 2). Returns the module."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + noise * (std / 2))
            else:
                p.copy_(noise * std)
    return module


def weights_checksum(module):
    """Sum of |weights| per parameter in order, as one float (to check rebuilds)."""
    with torch.no_grad():
        return float(sum(p.double().abs().sum().item() * (i + 1) for i, p in enumerate(module.parameters())))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        h = cfg.hidden_size
        self.word_embeddings = nn.Embedding(cfg.vocab_size, h)
        n_pos = cfg.max_positions + (2 if cfg.architecture == "xlm-roberta" else 0)
        self.position_embeddings = nn.Embedding(n_pos, h)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab_size, h)
        self.embedding_norm = nn.LayerNorm(h, eps=cfg.layer_norm_eps)
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg.num_layers)])
        self.register_buffer("position_ids", torch.arange(n_pos).unsqueeze(0), persistent=False)

    def init_random(self, seed, std=0.2):
        return init_random(self, seed, std)

    def checksum(self):
        return weights_checksum(self)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        cfg = self.cfg
        if cfg.architecture == "xlm-roberta":
            not_pad = input_ids.ne(cfg.pad_id).to(torch.int64)
            position_ids = torch.cumsum(not_pad, dim=1) * not_pad + cfg.pad_id
        else:
            position_ids = self.position_ids[:, : input_ids.shape[1]]
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        x = (self.word_embeddings(input_ids)
             + self.position_embeddings(position_ids)
             + self.token_type_embeddings(token_type_ids))
        x = self.embedding_norm(x)
        mask = attention_mask.to(torch.float32)[:, None, None, :]
        additive_mask = (1.0 - mask) * torch.finfo(torch.float32).min
        states = [x]
        for layer in self.layers:
            x = layer(x, additive_mask)
            states.append(x)
        return tuple(states)


class WithoutTokenTypes(nn.Module):
    """forward(input_ids, attention_mask) wrapper (the xlm-roberta ONNX signature)."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask):
        return self.encoder(input_ids, attention_mask)


def build(cfg, seed, std=0.2):
    model = Encoder(cfg).init_random(seed, std)
    model.eval()
    return model
