"""Writes a tiny random-weight qwen2 GGUF for the real-server tests.

The tokenizer is copied from llama.cpp's models/ggml-vocab-qwen2.gguf so that /tokenize counts like a
real Qwen2 model; the weights are noise (2 layers, 64 wide), which is all the tests need: the server's
template, tokenizer, parser and window are real, the words are not. Run with PYTHONPATH=<src>/gguf-py.
"""
import argparse
import pathlib

import numpy as np
from gguf import GGUFReader, GGUFValueType, GGUFWriter, LlamaFileType

N_EMBD, N_LAYER, N_HEAD, N_HEAD_KV, N_FF, N_CTX_TRAIN = 64, 2, 4, 2, 128, 32768


def copy_tokenizer(reader: GGUFReader, writer: GGUFWriter) -> int:
    """Copies every tokenizer.ggml.* key; returns the vocabulary size."""
    n_vocab = 0
    for name, field in reader.fields.items():
        if not name.startswith('tokenizer.ggml.'):
            continue
        value = field.contents()
        if field.types[0] == GGUFValueType.ARRAY:
            writer.add_key_value(name, value, GGUFValueType.ARRAY, sub_type=field.types[1])
            if name == 'tokenizer.ggml.tokens':
                n_vocab = len(value)
        else:
            writer.add_key_value(name, value, field.types[0])
    return n_vocab


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--vocab', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    template = (pathlib.Path(__file__).parent / 'qwen2.5-tools.jinja').read_text()
    rng = np.random.default_rng(14)

    writer = GGUFWriter(args.out, 'qwen2')
    writer.add_name('lillycoder tiny qwen2 (random weights)')
    writer.add_context_length(N_CTX_TRAIN)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_rope_freq_base(1000000.0)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_file_type(LlamaFileType.MOSTLY_F16)
    n_vocab = copy_tokenizer(GGUFReader(args.vocab), writer)
    writer.add_chat_template(template)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.02).astype(np.float16)

    n_kv = N_EMBD // N_HEAD * N_HEAD_KV
    # numpy shapes are ggml's reversed: (rows=out, cols=in)
    writer.add_tensor('token_embd.weight', weights(n_vocab, N_EMBD))
    writer.add_tensor('output_norm.weight', np.ones(N_EMBD, dtype=np.float32))
    for i in range(N_LAYER):
        block = f'blk.{i}'
        writer.add_tensor(f'{block}.attn_norm.weight', np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f'{block}.attn_q.weight', weights(N_EMBD, N_EMBD))
        writer.add_tensor(f'{block}.attn_k.weight', weights(n_kv, N_EMBD))
        writer.add_tensor(f'{block}.attn_v.weight', weights(n_kv, N_EMBD))
        writer.add_tensor(f'{block}.attn_q.bias', np.zeros(N_EMBD, dtype=np.float32))
        writer.add_tensor(f'{block}.attn_k.bias', np.zeros(n_kv, dtype=np.float32))
        writer.add_tensor(f'{block}.attn_v.bias', np.zeros(n_kv, dtype=np.float32))
        writer.add_tensor(f'{block}.attn_output.weight', weights(N_EMBD, N_EMBD))
        writer.add_tensor(f'{block}.ffn_norm.weight', np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f'{block}.ffn_gate.weight', weights(N_FF, N_EMBD))
        writer.add_tensor(f'{block}.ffn_up.weight', weights(N_FF, N_EMBD))
        writer.add_tensor(f'{block}.ffn_down.weight', weights(N_EMBD, N_FF))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == '__main__':
    main()
