#!/usr/bin/env python3
"""PyTorch's side of `npm run bench -- real` (issue 17): the workloads of bench/real.ts on the inputs that
`npx tsx bench/real.ts --prepare` wrote (same data, rows in the same order, same initial weights), in
idiomatic PyTorch: nn.Sequential of Linear and ReLU, CrossEntropyLoss, torch.optim.Adam (with its faster
multi-tensor update, foreach=True) / SGD, defaults otherwise, one loop over contiguous batches.

usage: /usr/bin/python3 bench/real_torch.py WORKLOAD [--threads N] [--reps N] [--data DIR]
Prints one JSON line: milliseconds per epoch or step, the cost of the first batch after training (to
check against nnlab's), the thread count, versions and peak resident memory.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("workload")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--reps", type=int, default=None)
ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "nnlab-real-bench"))
args = ap.parse_args()
# before torch loads: OpenBLAS and OpenMP read these at start-up
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
meta = json.load(open(os.path.join(args.data, "meta.json")))[args.workload]
dims, batch = meta["dims"], meta["batch"]
name = meta["file"]


def read(suffix, dtype):
    return np.fromfile(os.path.join(args.data, suffix), dtype=dtype)


X = torch.from_numpy(read(f"{name}.x.f32", np.float32).reshape(-1, dims[0]))
Y = torch.from_numpy(read(f"{name}.y.i32", np.int32).astype(np.int64))


def network():
    layers = []
    for l in range(1, len(dims)):
        lin = torch.nn.Linear(dims[l - 1], dims[l])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(read(f"{args.workload}.W{l}.f32", np.float32).reshape(dims[l], dims[l - 1])))
            lin.bias.zero_()
        layers.append(lin)
        if l < len(dims) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    if meta["optimizer"] == "adam":
        # foreach=True: PyTorch 1.13's default Adam on the CPU updates one tensor at a time, 4.8 ms per step on
        # the Fashion-MNIST network here against 0.39 ms with the multi-tensor (foreach) update; the faster one
        # is what nnlab is held against
        opt = torch.optim.Adam(model.parameters(), lr=meta["learningRate"], foreach=True)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=meta["learningRate"])
    return model, opt


loss_fn = torch.nn.CrossEntropyLoss()


def step(model, opt, xb, yb):
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()


def epoch(model, opt, rows):
    for s in range(0, rows, batch):
        step(model, opt, X[s:s + batch], Y[s:s + batch])


def summary(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


result = {}
if meta["kind"] == "epoch":
    rows = X.shape[0]
    reps = args.reps or (2 if rows > 10000 else 7)
    warm, wopt = network()  # warm up on at most 40 batches, as nnlab's runner does
    epoch(warm, wopt, min(rows, 40 * batch))
    ms = []
    epochs = 20 if rows < 10000 else 1  # short epochs timed 20 at a time, as nnlab's runner does
    for _ in range(reps):
        model, opt = network()
        t0 = time.perf_counter()
        for _ in range(epochs):
            epoch(model, opt, rows)
        ms.append((time.perf_counter() - t0) * 1e3 / epochs)
    with torch.no_grad():
        cost = float(loss_fn(model(X[:batch]), Y[:batch]))
    result = {"ms_per_epoch": summary(ms), "epochs_per_repetition": epochs, "steps_per_epoch": -(-rows // batch), "cost_after": cost}
else:
    model, opt = network()
    batches = [(X[s:s + batch], Y[s:s + batch]) for s in range(0, X.shape[0], batch)]
    for i in range(10):
        step(model, opt, *batches[i % len(batches)])
    ms = []
    for _ in range(args.reps or 7):
        t0 = time.perf_counter()
        for i in range(20):
            step(model, opt, *batches[i % len(batches)])
        ms.append((time.perf_counter() - t0) * 1e3 / 20)
    result = {"ms_per_step": summary(ms)}

print(json.dumps({
    "peer": "torch", "workload": args.workload, "threads": args.threads, "torch_threads": torch.get_num_threads(),
    "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
    "openblas": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
    **result,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}), flush=True)
