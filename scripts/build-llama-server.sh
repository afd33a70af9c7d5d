#!/usr/bin/env bash
# Builds llama.cpp's llama-server and a tiny random-weight qwen2 model for test/real-server, once:
# both are cached outside the checkout, so a second run only prints where they are.
# The source is the git bundle that the npm package node-llama-cpp ships (only the npm and Debian
# registries are reachable here); the model is written by that source's own gguf-py with numpy.
set -euo pipefail

NODE_LLAMA_CPP_VERSION=3.21.1
CACHE="${LILLYCODER_TEST_CACHE:-$HOME/.cache/lillycoder-test}"
SRC="$CACHE/llama.cpp-$NODE_LLAMA_CPP_VERSION"
BIN="$CACHE/bin/llama-server"
MODEL="$CACHE/models/tiny-qwen2-tools.gguf"
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG="$CACHE/build.log"

fail() { echo "build-llama-server: $1" >&2; exit 1; }

mkdir -p "$CACHE/bin" "$CACHE/models"
for tool in npm git cmake ninja c++ python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install cmake ninja-build g++ git python3); see $LOG"
done

if [ ! -f "$SRC/CMakeLists.txt" ]; then
  echo "fetching llama.cpp source from npm node-llama-cpp@$NODE_LLAMA_CPP_VERSION"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-llama-cpp@$NODE_LLAMA_CPP_VERSION" >>"$LOG" 2>&1) \
    || fail "npm pack node-llama-cpp@$NODE_LLAMA_CPP_VERSION failed; see $LOG"
  tar -xzf "$work/node-llama-cpp-$NODE_LLAMA_CPP_VERSION.tgz" -C "$work" package/llama/gitRelease.bundle \
    || fail "the package has no llama/gitRelease.bundle"
  rm -rf "$SRC.tmp"
  git clone --quiet "$work/package/llama/gitRelease.bundle" "$SRC.tmp" >>"$LOG" 2>&1 \
    || fail "git clone of the bundle failed; see $LOG"
  mv "$SRC.tmp" "$SRC"
fi

if [ ! -x "$BIN" ]; then
  echo "building llama-server (330 steps; minutes on 2 cores; log: $LOG)"
  nice cmake -S "$SRC" -B "$SRC/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >>"$LOG" 2>&1 \
    || fail "cmake configure failed; see $LOG"
  nice ninja -C "$SRC/build" llama-server >>"$LOG" 2>&1 || fail "ninja llama-server failed; see $LOG"
  cp "$SRC/build/bin/llama-server" "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
fi

if [ ! -f "$MODEL" ]; then
  # The PATH's python3 (pyenv here) may lack numpy where Debian's, with python3-numpy, has it.
  python=""
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import numpy' 2>/dev/null; then python="$candidate"; break; fi
  done
  [ -n "$python" ] || fail "no python3 here can import numpy (apt-get install python3-numpy)"
  echo "writing the tiny random-weight model"
  PYTHONPATH="$SRC/gguf-py" "$python" "$HERE/make-tiny-model.py" \
    --vocab "$SRC/models/ggml-vocab-qwen2.gguf" --out "$MODEL.tmp" >>"$LOG" 2>&1 \
    || fail "writing the model failed; see $LOG"
  mv "$MODEL.tmp" "$MODEL"
fi

echo "llama-server: $BIN"
echo "model: $MODEL"
