"""Micro-benchmark (not a test): the extra cost of ONE serial CLoRA module at the shape of the main benchmark, free of
whole-model noise. Times forward+backward of x' = x + s·(x A) U on N = 2080 token rows (batch 32 × 65 tokens,
d = 384, p·r = 32), interleaved, and prints medians:

- `six products`: just the six thin matrix products (plus the two `addmm` copies), no autograd: the lower bound;
- `LowRankLinear`: the module as shipped (`SerialLowRank` + the composite A = D Q built by autograd);
- `autograd reference`: the same maths left to autograd (what `LowRankLinear` did before `SerialLowRank`).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/lrm.py [--threads 2] [--reps 300]

Multiply the per-module extra by 24 (modules in ViT-S) and divide by the floor step of `bench/speed.py` to see its share.
"""
from __future__ import annotations
import argparse, random, statistics, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import torch
from torch import nn
from clora.spaces import SharedSpaces
from clora.layers import LowRankLinear


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--reps', type=int, default=300)
    ap.add_argument('--tokens', type=int, default=32 * 65)
    ap.add_argument('--d', type=int, default=384)
    ap.add_argument('--p', type=int, default=4)
    ap.add_argument('--r', type=int, default=8)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    N, d, pr = args.tokens, args.d, args.p * args.r
    sp = SharedSpaces(d, args.p, args.r)
    m = LowRankLinear(nn.Linear(d, d), sp)
    m.base_layer = nn.Identity()  # time the module alone, not the frozen layer it feeds
    with torch.no_grad(): m.coef.normal_()
    x = torch.randn(N, d, requires_grad=True)
    g = torch.randn(N, d)
    A, U, xd = m.down().detach(), m.up().detach(), x.detach()
    params = [x, sp.D, sp.U, m.coef]

    def six_products():
        h = xd @ A
        torch.addmm(xd, h, U)
        gh = g @ U.T
        (g.T @ h).T, xd.T @ gh, torch.addmm(g, gh, A.T)

    def shipped(): m(x).backward(g)

    def reference():
        (x + (x @ m.down()) @ m.up()).backward(g)

    fns = {'six products (lower bound)': six_products, 'LowRankLinear (SerialLowRank)': shipped, 'autograd reference': reference}
    times = {k: [] for k in fns}
    names = list(fns)
    for i in range(args.reps + 20):
        random.shuffle(names)
        for k in names:
            for t in params: t.grad = None
            t0 = time.perf_counter(); fns[k](); dt = time.perf_counter() - t0
            if i >= 20: times[k].append(dt)
    lo = statistics.median(times['six products (lower bound)'])
    print(f"one serial module, N={N} rows, d={d}, p·r={pr}, {args.threads} threads, {args.reps} interleaved reps, torch {torch.__version__}")
    print(f"{'':32s} {'median ms':>10s} {'p25 ms':>8s} {'vs lower bound':>15s}")
    for k, v in times.items():
        med = statistics.median(v)
        print(f"{k:32s} {1e3 * med:10.3f} {1e3 * statistics.quantiles(v, n=4)[0]:8.3f} {med / lo:14.2f}x")


if __name__ == '__main__':
    main()
