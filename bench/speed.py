"""Speed benchmark (not a test): training-step cost of CLoRA vs. a frozen-backbone floor, LoRA, PEFT LoRA and full
fine-tuning, plus merged-inference cost, all measured side by side in one process.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/speed.py --rounds 16 --out bench/results.md     # = make bench, ~5 min on 2 cores
    HF_HUB_OFFLINE=1 .venv/bin/python bench/speed.py --quick                    # smoke run: img 56, batch 8, 2 rounds

Every variant is built once. Each round visits the adapted variants in a freshly shuffled order and times each one
right next to a floor step; the headline is the median over rounds of these paired ratios, so drift of the machine
(thermal, noisy neighbours) cancels. Ratios of median and fastest step times, of CPU time, page faults per step and the
matrix-product FLOPs of each variant are printed beside it. See bench/README.md.
"""
from __future__ import annotations
import argparse, datetime, os, platform, random, statistics, sys, time
try: import resource
except ImportError: resource = None  # not on Windows
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import torch
import torch.nn.functional as F
import timm
from clora.core import CLoRA

ARCH = 'vit_small_patch14_dinov2'
SADE_LAMBDA = 0.1
TARGETS = "CLoRA ≤ 1.05x floor and no slower than PEFT LoRA; merged inference 1.00x base; SADE ≤ 2% of a CLoRA step"
REFERENCE = "seen before: PEFT LoRA ≈ 1.11x floor, full fine-tuning ≈ 1.66x floor"


def _count_cpu_attention():
    "FlopCounterMode has no formula for the CPU flash-attention kernels: register torch's own SDPA counts for them."
    from torch.utils import flop_counter as fc
    aten = torch.ops.aten
    fwd, bwd = (getattr(aten, n, None) for n in ('_scaled_dot_product_flash_attention_for_cpu', '_scaled_dot_product_flash_attention_for_cpu_backward'))
    if fwd is None or bwd is None or fwd in fc.flop_registry: return
    fc.register_flop_formula(fwd, get_raw=True)(lambda q, k, v, *a, out_val=None, **kw: fc.sdpa_flop_count(q.shape, k.shape, v.shape))
    fc.register_flop_formula(bwd, get_raw=True)(lambda g, q, k, v, *a, out_val=None, **kw: fc.sdpa_backward_flop_count(g.shape, q.shape, k.shape, v.shape))


def make_model(img: int, num_classes: int = 10, seed: int = 0, arch: str | None = None) -> torch.nn.Module:
    torch.manual_seed(seed)
    return timm.create_model(arch or ARCH, pretrained=False, img_size=img, num_classes=num_classes)


def frozen_floor(img: int, arch: str | None = None, hook: bool = True) -> torch.nn.Module:
    "Every weight frozen (head too), block 0's input made a leaf that requires grad: the whole activation backward, nothing more."
    m = make_model(img, arch=arch)
    for t in m.parameters(): t.requires_grad_(False)
    if hook: m.blocks[0].register_forward_pre_hook(lambda mod, args: (args[0].detach().requires_grad_(), *args[1:]))
    return m


def floor_parts(m: torch.nn.Module, compile: bool = False):
    """The floor as (stem, rest) callables for `--compile`: the frozen stem (patch and position embedding) and the rest
    (blocks, norm, head), with block 0's input made a leaf in between, outside any graph. Compiled, each is one graph:
    the forward pre-hook of `frozen_floor` would make dynamo break the graph around block 0 and run its backward
    eagerly, which slows the floor down and flatters every ratio."""
    stem = lambda x: m.norm_pre(m.patch_drop(m._pos_embed(m.patch_embed(x))))
    rest = lambda x: m.forward_head(m.norm(m.blocks(x)))
    if compile: stem, rest = torch.compile(stem, fullgraph=True), torch.compile(rest, fullgraph=True)
    return lambda x: rest(stem(x).detach().requires_grad_())


def n_trainable(params) -> int: return sum(t.numel() for t in {id(t): t for t in params}.values())


class Variant:
    "One model + optimizer + a `step()` that does forward, loss, backward and (if any params) one AdamW step."
    def __init__(self, name, model, params, extra_loss=None, note='', compile=False, fwd=None, eager=None):
        self.name, self.model, self.extra_loss, self.note = name, model, extra_loss, note
        self.eager = model if eager is None else eager  # the eager forward (FLOP counting)
        # what a step calls: the eager forward, or its compiled form under --compile
        self.fwd = fwd if fwd is not None else torch.compile(self.eager) if compile else self.eager
        self.graphs = ''  # under --compile: dynamo's graph and graph-break counts
        self.params = [t for t in params if t.requires_grad]
        self.opt = torch.optim.AdamW(self.params, lr=1e-4, foreach=True) if self.params else None
        self.times: list[float] = []  # wall seconds per timed step
        self.cpu: list[float] = []  # process CPU seconds per timed step (less sensitive to other processes)
        self.faults: list[int] = []  # minor page faults per timed step
        self.pair_ratios: list[float] = []  # step time / the floor's step timed right next to it
        self.floor_times: list[float] = []  # those floor steps (as many as this variant's own, for a fair `min`)
        model.train()

    def loss(self, x, y):
        loss = F.cross_entropy(self.fwd(x), y)
        return loss if self.extra_loss is None else loss + self.extra_loss()

    def step(self, x, y):
        if self.opt is not None: self.opt.zero_grad(set_to_none=True)
        loss = self.loss(x, y)
        loss.backward()
        if self.opt is not None: self.opt.step()
        return loss

    def matmul_flops(self, x, y) -> int:
        "FLOPs of the matrix products (mm, bmm, attention) in one forward + backward, by torch's FlopCounterMode."
        from torch.utils.flop_counter import FlopCounterMode
        _count_cpu_attention()
        fwd, self.fwd = self.fwd, self.eager  # count the eager model's products (the compiled one runs the same products)
        try:
            with FlopCounterMode(display=False) as fc: self.loss(x, y).backward()
        finally: self.fwd = fwd
        for t in self.params: t.grad = None
        return fc.get_total_flops()


def build_variants(args) -> tuple[list[Variant], dict]:
    vs, info = [], {}
    # 1. floor: every weight frozen (head too), but the activations' backward runs through the whole backbone:
    #    block 0's input is made a leaf that requires grad, so the loss's gradient reaches it and goes no further.
    if args.compile:
        fm = frozen_floor(args.img, args.arch, hook=False)
        vs.append(Variant('floor (all frozen, grad to block-0 input)', fm, [], note='no optimizer step',
                          fwd=floor_parts(fm, compile=True), eager=floor_parts(fm)))
    else: vs.append(Variant('floor (all frozen, grad to block-0 input)', frozen_floor(args.img, args.arch), [], note='no optimizer step'))

    # 2. CLoRA with SADE in the loss, 3. CLoRA without SADE
    cm = CLoRA(make_model(args.img, arch=args.arch), method='clora', p=4, r=8)
    vs.append(Variant('CLoRA p=4 r=8 (+λ·SADE)', cm, cm.parameters(), extra_loss=lambda cm=cm: SADE_LAMBDA * cm.sade(), compile=args.compile))
    info['clora_cm'] = cm
    if 'nosade' not in args.skip:
        cn = CLoRA(make_model(args.img, arch=args.arch), method='clora_nosade', p=4, r=8)
        vs.append(Variant('CLoRA p=4 r=8, no SADE', cn, cn.parameters(), compile=args.compile))

    # 4. our LoRA: private rank-r modules at the same serial sites
    if 'lora' not in args.skip:
        lm = CLoRA(make_model(args.img, arch=args.arch), method='lora', r=8)
        vs.append(Variant('our LoRA r=8 (serial, qkv+fc1 inputs)', lm, lm.parameters(), compile=args.compile))

    # 5. PEFT LoRA on qkv
    try:
        if 'peft' in args.skip: raise ImportError('skipped with --skip peft')
        import peft
        pm = peft.get_peft_model(make_model(args.img, arch=args.arch), peft.LoraConfig(r=8, lora_alpha=8, target_modules=['qkv'], modules_to_save=['head']))
        vs.append(Variant(f'PEFT LoRA r=8 on qkv (peft {peft.__version__})', pm, pm.parameters(), compile=args.compile))
    except ImportError as e:
        print(f"peft is not importable ({e}): skipping the PEFT LoRA variant")

    # 6. full fine-tuning
    if 'full' not in args.skip:
        fm = make_model(args.img, arch=args.arch)
        for t in fm.parameters(): t.requires_grad_(True)
        vs.append(Variant('full fine-tuning', fm, fm.parameters(), compile=args.compile))
    return vs, info


def time_call(fn) -> float:
    t0 = time.perf_counter(); fn(); return time.perf_counter() - t0


def time_call2(fn) -> tuple[float, float, int]:
    "(wall seconds, process CPU seconds, minor page faults) of one call."
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt if resource else 0
    c0, t0 = time.process_time(), time.perf_counter(); fn()
    w, c = time.perf_counter() - t0, time.process_time() - c0
    return w, c, (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) if resource else 0


def quartiles(xs: list[float]) -> str:
    "'q1–q3' of `xs` (the value itself for a single one)."
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else xs * 3
    return f"{q[0]:.3f}–{q[2]:.3f}"


def boot_ci(xs: list[float], seed: int = 0, n: int = 2000) -> str:
    "'lo–hi': a 95% bootstrap interval for the median of `xs`."
    b = sorted(statistics.median(random.Random(seed + i).choices(xs, k=len(xs))) for i in range(n))
    return f"{b[int(0.025 * n)]:.3f}–{b[int(0.975 * n) - 1]:.3f}"


def pin_malloc() -> str:
    """Stop glibc from handing freed memory back to the OS between steps (fixed mmap threshold, no trimming).
    Otherwise which variant pays fresh page faults each step depends on where its last allocations land in the heap:
    seen here, 0 faults/step for the floor but ~10k (~13 ms) for one adapted variant, changing from run to run."""
    try:
        import ctypes
        libc = ctypes.CDLL('libc.so.6')
        ok = libc.mallopt(-3, 32 << 20) and libc.mallopt(-1, 1 << 30)  # M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 1 GiB
        return 'glibc malloc pinned (mmap threshold 32 MiB, no trim)' if ok else 'glibc malloc defaults (mallopt refused)'
    except (OSError, AttributeError): return 'allocator defaults (not glibc)'


def dynamo_counts() -> tuple[int, int]:
    "(graphs compiled, graph breaks) so far in this process, from dynamo's counters."
    from torch._dynamo.utils import counters
    return counters['stats']['unique_graphs'], sum(counters['graph_break'].values())


def bench_training(args, vs, info, x, y):
    """Each round visits the adapted variants in a fresh random order; each visit times the variant and the floor
    back to back (which goes first is random too), so every ratio compares two steps taken seconds apart."""
    rng = random.Random(args.seed)
    for v in vs:
        g0, b0 = dynamo_counts()
        for _ in range(args.warmup): v.step(x, y)
        if args.compile:
            g1, b1 = dynamo_counts()
            v.graphs = f"{g1 - g0} graph{'s' * (g1 - g0 != 1)}, {b1 - b0} break{'s' * (b1 - b0 != 1)}"
    floor, cm = vs[0], info['clora_cm']
    sade_t = []

    def sade_fb():
        s = SADE_LAMBDA * cm.sade()
        s.backward()

    def timed(v):
        w, c, f = time_call2(lambda: v.step(x, y))
        v.times.append(w); v.cpu.append(c); v.faults.append(f)
        return w

    for _ in range(args.warmup): sade_fb()
    for r in range(args.rounds):
        order = list(vs[1:]); rng.shuffle(order)
        for v in order:
            if rng.random() < 0.5: tf = timed(floor); tv = timed(v)
            else: tv = timed(v); tf = timed(floor)
            v.pair_ratios.append(tv / tf); v.floor_times.append(tf)
        cm.zero_grad(set_to_none=True)
        sade_t.append(statistics.median(time_call(sade_fb) for _ in range(args.sade_reps)))
        cm.zero_grad(set_to_none=True)
        print(f"  round {r + 1}/{args.rounds}: " + ", ".join(f"{v.name.split(' (')[0]} {v.pair_ratios[-1]:.3f}x" for v in vs[1:]), flush=True)
    return statistics.median(sade_t)


def bench_inference(args, x):
    base = make_model(args.img, seed=1, arch=args.arch).eval()
    merged = CLoRA(make_model(args.img, seed=1, arch=args.arch), method='clora', p=4, r=8).merge_and_unload().eval()
    unmerged = CLoRA(make_model(args.img, seed=1, arch=args.arch), method='clora', p=4, r=8).eval()
    models = {'base': base, 'merged CLoRA': merged, 'unmerged CLoRA': unmerged}
    if args.compile: models = {k: torch.compile(m) for k, m in models.items()}
    times = {k: [] for k in models}
    rng = random.Random(args.seed + 1)
    with torch.no_grad():
        for m in models.values():
            for _ in range(args.warmup): m(x)
        for _ in range(args.inf_rounds):
            order = list(models.items()); rng.shuffle(order)
            for k, m in order: times[k].append(time_call(lambda: m(x)))
    return {k: statistics.median(t) for k, t in times.items()}, {k: t for k, t in times.items()}


def profile_steps(args, vs, x, y, names=('floor', 'CLoRA p=4 r=8 (', 'PEFT')):
    "torch.profiler over `--profile` steps of the floor, CLoRA and PEFT LoRA; print per-(op, shapes) self CPU ms/step and the extra over the floor."
    from torch.profiler import profile, ProfilerActivity
    sel = [v for v in vs if any(v.name.startswith(n) for n in names)]
    res = {}
    for v in sel:
        for _ in range(max(1, args.warmup)): v.step(x, y)
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            for _ in range(args.profile): v.step(x, y)
        d = {}
        for e in prof.key_averages(group_by_input_shape=True):
            if e.self_cpu_time_total <= 0: continue
            d[(e.key, str(e.input_shapes))] = (e.self_cpu_time_total / 1e3 / args.profile, e.count / args.profile)
        res[v.name] = d
        tot = sum(t for t, _ in d.values())
        print(f"\n== {v.name}: self CPU {tot:.0f} ms/step (profiled, {args.profile} steps)")
    floor = res[sel[0].name]
    for v in sel[1:]:
        d = res[v.name]
        rows = sorted(((d.get(k, (0, 0))[0] - floor.get(k, (0, 0))[0], k, d.get(k, (0, 0)), floor.get(k, (0, 0)))
                       for k in set(d) | set(floor)), reverse=True)
        extra = sum(t for t, _ in d.values()) - sum(t for t, _ in floor.values())
        print(f"\n== {v.name}: +{extra:.0f} ms/step self CPU over the floor; top (op, input shapes) by extra ms/step:")
        print(f"{'extra ms':>9} {'ms':>8} {'calls':>6} {'floor ms':>9} {'calls':>6}  op  shapes")
        for diff, (op, shp), (t, n), (tf, nf) in rows[:args.profile_rows]:
            print(f"{diff:9.1f} {t:8.1f} {n:6.0f} {tf:9.1f} {nf:6.0f}  {op}  {shp[:110]}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rounds', type=int, default=12, help='timing rounds (each: every adapted variant once, each next to a floor step)')
    ap.add_argument('--skip', nargs='*', default=[], choices=('nosade', 'lora', 'peft', 'full'),
                    help='leave these variants out (e.g. `--skip nosade lora full --rounds 40` for a tight CLoRA vs floor vs PEFT ratio)')
    ap.add_argument('--malloc', choices=('pinned', 'default'), default='pinned',
                    help="'pinned': glibc keeps freed memory (same for every variant; see pin_malloc); 'default': leave malloc alone")
    ap.add_argument('--warmup', type=int, default=1, help='untimed steps per variant before timing')
    ap.add_argument('--arch', default=ARCH, help='timm ViT to time (the benchmark\'s setting is vit_small_patch14_dinov2; vit_base_patch16_224 is the paper\'s)')
    ap.add_argument('--img', type=int, default=112)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--inf-rounds', type=int, default=None, help='interleaved inference rounds (default: 2x rounds)')
    ap.add_argument('--sade-reps', type=int, default=5, help='SADE fwd+bwd calls per round (median taken)')
    ap.add_argument('--compile', action='store_true',
                    help='torch.compile every model (inductor) and time compiled steps; the optimizer step stays eager. '
                         'The warm-up (compilation) is not timed')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--quick', action='store_true', help='smoke run: img 56, batch 8, 2 rounds')
    ap.add_argument('--profile', type=int, default=0, metavar='N',
                    help='instead of timing, torch.profiler N steps each of floor, CLoRA and PEFT LoRA and print where the extra time goes')
    ap.add_argument('--profile-rows', type=int, default=30)
    ap.add_argument('--out', type=Path, default=None, help='also write the results as markdown to this file')
    args = ap.parse_args(argv)
    if args.quick: args.img, args.batch, args.rounds = 56, 8, 2
    if args.inf_rounds is None: args.inf_rounds = 2 * args.rounds
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    alloc = pin_malloc() if args.malloc == 'pinned' else 'glibc malloc defaults'
    t_start = time.perf_counter()
    load_start = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')

    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) \
        if Path('/proc/cpuinfo').exists() else platform.processor()
    setup = (f"{args.arch} (pretrained=False), img {args.img}, batch {args.batch}, CE loss + one AdamW step, "
             + ("**forward and backward compiled with torch.compile (inductor, default mode)**, " if args.compile else "eager (no torch.compile), ")
             + f"torch {torch.__version__}, timm {timm.__version__}, {torch.get_num_threads()} threads, {cpu}, "
             f"{args.rounds} rounds (+{args.warmup} warm-up), {alloc}, {datetime.datetime.now().isoformat(timespec='minutes')}")
    print(setup, flush=True)

    x = torch.randn(args.batch, 3, args.img, args.img)
    y = torch.randint(0, 10, (args.batch,))
    vs, info = build_variants(args)
    if args.profile: return profile_steps(args, vs, x, y)
    flops = {v.name: v.matmul_flops(x, y) for v in vs}
    sade_s = bench_training(args, vs, info, x, y)
    inf, inf_all = bench_inference(args, x)

    med = {v.name: statistics.median(v.times) for v in vs}
    mn_pair = {v.name: min(v.times) / min(v.floor_times) for v in vs[1:]}  # against the floor steps timed beside it: as many draws each
    mn_pair[vs[0].name] = 1.0
    cpu = {v.name: statistics.median(v.cpu) for v in vs}
    pair = {v.name: statistics.median(v.pair_ratios) for v in vs[1:]}
    pair[vs[0].name] = 1.0
    f = vs[0].name
    lines = ["| variant | trainable params | matmul GFLOP / step (ratio) | median step ms | ratio to floor (paired) | ratio of medians | ratio (min) | ratio (CPU time) | page faults / step |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for v in vs:
        n = v.name
        lines.append(f"| {n} | {n_trainable(v.params):,} | {flops[n] / 1e9:.1f} ({flops[n] / flops[f]:.3f}x) | {1e3 * med[n]:.0f} | **{pair[n]:.3f}x** | {med[n] / med[f]:.3f}x "
                     f"| {mn_pair[n]:.3f}x | {cpu[n] / cpu[f]:.3f}x | {statistics.median(v.faults):.0f} |")
    cl, c = vs[1].name, med[vs[1].name]
    cn = next((med[v.name] for v in vs if v.name.startswith('CLoRA p=4 r=8, no SADE')), None)
    peft_v = next((v for v in vs if v.name.startswith('PEFT')), None)
    if peft_v:  # within each round, CLoRA's paired ratio over PEFT's; a bootstrap interval for the median of those
        rr = [a / b for a, b in zip(vs[1].pair_ratios, peft_v.pair_ratios)]
        vs_peft = (f"; CLoRA / PEFT LoRA: {statistics.median(rr):.3f}x (median over rounds of the two paired ratios' quotient; "
                   f"95% bootstrap interval {boot_ci(rr, args.seed)}; medians: {c / med[peft_v.name]:.3f}x)")
    else: vs_peft = "; PEFT LoRA not measured (peft not importable)"
    load1 = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')
    notes = [
        "",
        "Floor: all weights frozen including the head (no optimizer step), gradient made to reach block 0's input "
        + ("(made a leaf that requires grad between two compiled graphs, see `floor_parts`)" if args.compile else
           "(a forward pre-hook makes it a leaf that requires grad)")
        + "; the adapted variants train adapter + head (AdamW over those only).",
        f"**Paired ratio**: each of the {args.rounds} rounds times every adapted variant once, each right next to a floor step "
        "(random order), and the ratio is the median over rounds of (variant step / adjacent floor step): drift of the machine cancels. "
        "`ratio of medians` divides the median step times instead; `min` the fastest step of each variant by the fastest of the floor steps "
        "timed beside it (as many of each); `CPU time` the median process CPU time "
        "(OpenMP spin-waits count in it). Page faults: minor faults per step (median); fresh pages cost about 1 µs each here.",
        "Matmul GFLOP / step: the matrix products (mm, bmm, attention) of one forward + backward, counted by "
        "`torch.utils.flop_counter.FlopCounterMode` (with torch's SDPA formulas registered for the CPU attention kernels, "
        "which it does not count by itself; no elementwise ops, no optimizer); their ratio is what the variant must pay "
        "if it ran its products as fast as the floor runs its own.",
        *(["Graphs dynamo compiled during each variant's warm-up (0: it reuses an earlier variant's graph, same structure): "
           + "; ".join(f"{v.name.split(' (')[0]} {v.graphs}" for v in vs)
           + ". The floor is two graphs by design: its stem and the rest, with block 0's input made a leaf between them."]
          if args.compile else []),
        "Paired ratio quartiles (q1–q3): " + "; ".join(f"{v.name.split(' (')[0]} {quartiles(v.pair_ratios)}" for v in vs[1:]),
        "Paired ratio, 95% bootstrap interval of the median: " + "; ".join(f"{v.name.split(' (')[0]} {boot_ci(v.pair_ratios, args.seed)}" for v in vs[1:]),
        "Spread (min–max ms): " + "; ".join(f"{v.name.split(' (')[0]} {1e3 * min(v.times):.0f}–{1e3 * max(v.times):.0f}" for v in vs),
        f"Load average: {load_start:.1f} at start, {load1:.1f} at end ({os.cpu_count()} CPUs): "
        + ("QUIET machine." if load_start < max(0.5, (os.cpu_count() or 1) - args.threads + 0.5)  # the load before the benchmark's own
           else "OTHER PROCESSES WERE RUNNING: trust `min` and `CPU time` over the median."),
        "",
        f"- SADE share of a CLoRA step: {100 * sade_s / c:.2f}% (λ·SADE forward+backward alone: {1e3 * sade_s:.2f} ms, median of "
        f"{args.rounds}x{args.sade_reps} calls)" + (f"; by difference (CLoRA − CLoRA no-SADE)/CLoRA: {100 * (c - cn) / c:+.1f}% (noisy)" if cn else ""),
        f"- merged inference / base: {inf['merged CLoRA'] / inf['base']:.3f}x (min: {min(inf_all['merged CLoRA']) / min(inf_all['base']):.3f}x; "
        f"base {1e3 * inf['base']:.0f} ms, merged {1e3 * inf['merged CLoRA']:.0f} ms, median of {args.inf_rounds} interleaved no_grad eval forwards)",
        f"- unmerged CLoRA inference / base: {inf['unmerged CLoRA'] / inf['base']:.3f}x (min: "
        f"{min(inf_all['unmerged CLoRA']) / min(inf_all['base']):.3f}x; {1e3 * inf['unmerged CLoRA']:.0f} ms)",
        f"- CLoRA's extra matrix products alone: {flops[cl] / flops[f]:.3f}x the floor's FLOPs, so the 1.05x target leaves "
        f"{100 * (1.05 - flops[cl] / flops[f]):.1f}% of a step for everything else (autograd, small ops, optimizer, SADE)",
        f"- CLoRA / floor: {pair[cl]:.3f}x paired (medians: {c / med[f]:.3f}x, min: {mn_pair[cl]:.3f}x, CPU time: {cpu[cl] / cpu[f]:.3f}x)" + vs_peft,
        f"- targets: {TARGETS}",
        f"- reference {REFERENCE}",
    ]
    elapsed = time.perf_counter() - t_start
    notes.append(f"- wall time of this benchmark run: {elapsed:.0f} s")
    text = "\n".join([f"Setup: {setup}", ""] + lines + notes) + "\n"
    print()
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        print(f"written to {args.out}")


if __name__ == '__main__':
    main()
