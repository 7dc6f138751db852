"""Where CLoRA's extra step time goes (not a test): floor and CLoRA+SADE training steps, interleaved, split into
forward / backward / optimizer, and, inside the CLoRA step, the time spent in the serial modules' own matrix products
(`SerialLowRank.forward` and `.backward`, timed in place) next to the matrix-product FLOPs they add.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/breakdown.py [--rounds 20] [--threads 2]

Same setup as `bench/speed.py` (vit_small_patch14_dinov2, 112 px, batch 32, glibc malloc pinned).
"""
from __future__ import annotations
import argparse, random, statistics, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import make_model, frozen_floor, pin_malloc, Variant, SADE_LAMBDA  # noqa: E402  (also puts the checkout on sys.path)
import torch  # noqa: E402
from clora.core import CLoRA  # noqa: E402
from clora.layers import SerialLowRank  # noqa: E402


class Clock:
    "Accumulates the wall time of `SerialLowRank.forward` / `.backward` while `on`; restores them on exit."
    def __init__(self): self.fwd = self.bwd = 0.; self.on = False
    def __enter__(self):
        self._f, self._b = SerialLowRank.forward, SerialLowRank.backward
        def timed(fn, key):  # forward(x, A, U, s) and backward(ctx, g, gh): timed alike
            def run(*a):
                if not self.on: return fn(*a)
                t = time.perf_counter(); out = fn(*a)
                setattr(self, key, getattr(self, key) + time.perf_counter() - t)
                return out
            return staticmethod(run)
        SerialLowRank.forward, SerialLowRank.backward = timed(self._f, 'fwd'), timed(self._b, 'bwd')
        return self
    def __exit__(self, *exc): SerialLowRank.forward, SerialLowRank.backward = staticmethod(self._f), staticmethod(self._b)


def phases(v: Variant, x, y) -> tuple[float, float, float]:
    "(forward incl. loss, backward, optimizer) seconds of one training step of `v`."
    if v.opt is not None: v.opt.zero_grad(set_to_none=True)
    t0 = time.perf_counter(); loss = v.loss(x, y)
    t1 = time.perf_counter(); loss.backward()
    t2 = time.perf_counter()
    if v.opt is not None: v.opt.step()
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rounds', type=int, default=20)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--img', type=int, default=112)
    ap.add_argument('--batch', type=int, default=32)
    args = ap.parse_args(argv)
    alloc = pin_malloc()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x, y = torch.randn(args.batch, 3, args.img, args.img), torch.randint(0, 10, (args.batch,))
    floor = Variant('floor', frozen_floor(args.img), [])
    cm = CLoRA(make_model(args.img), method='clora', p=4, r=8)
    clora = Variant('CLoRA+SADE', cm, cm.parameters(), extra_loss=lambda: SADE_LAMBDA * cm.sade())
    flops = {v.name: v.matmul_flops(x, y) for v in (floor, clora)}
    rec = {'floor': [], 'CLoRA+SADE': []}
    rng = random.Random(0)
    with Clock() as clock:
        for v in (floor, clora): phases(v, x, y)  # warm-up
        for _ in range(args.rounds):
            order = [floor, clora]; rng.shuffle(order)
            for v in order:
                clock.fwd = clock.bwd = 0.; clock.on = v is clora
                f, b, o = phases(v, x, y)
                rec[v.name].append((f, b, o, f + b + o, clock.fwd, clock.bwd))
    med = {k: [statistics.median(r[i] for r in v) for i in range(6)] for k, v in rec.items()}
    fl, cl = med['floor'], med['CLoRA+SADE']
    n = sum(1 for _ in cm.lrms)
    print(f"{args.rounds} interleaved rounds, {args.threads} threads, img {args.img}, batch {args.batch}, {alloc}; medians in ms")
    print(f"{'':12s} {'forward':>9s} {'backward':>9s} {'optimizer':>9s} {'step':>9s}")
    for k, v in med.items(): print(f"{k:12s} " + " ".join(f"{1e3 * t:9.1f}" for t in v[:4]))
    extra = [c - f for c, f in zip(cl[:4], fl[:4])]
    print(f"{'extra':12s} " + " ".join(f"{1e3 * t:9.1f}" for t in extra))
    prod = cl[4] + cl[5]
    fr = flops['CLoRA+SADE'] / flops['floor'] - 1
    print(f"\nserial-module products inside the CLoRA step ({n} modules): forward {1e3 * cl[4]:.1f} ms + backward {1e3 * cl[5]:.1f} ms "
          f"= {1e3 * prod:.1f} ms = {100 * prod / fl[3]:.1f}% of the floor step")
    print(f"the matrix-product FLOPs they add: {100 * fr:.1f}% of the floor's ({flops['floor'] / 1e9:.1f} GFLOP/step); "
          f"their rate {(flops['CLoRA+SADE'] - flops['floor']) / prod / 1e9:.0f} GFLOP/s vs the floor's {flops['floor'] / fl[3] / 1e9:.0f} GFLOP/s "
          f"over its whole step")
    print(f"everything else CLoRA adds (A = DQ, autograd nodes, SADE, optimizer, Python): {1e3 * (extra[3] - prod):.1f} ms "
          f"= {100 * (extra[3] - prod) / fl[3]:.1f}% of the floor step")
    print(f"CLoRA step / floor step: {cl[3] / fl[3]:.3f}x (ratio of medians)")


if __name__ == '__main__':
    main()
