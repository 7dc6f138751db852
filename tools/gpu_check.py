"""Checks of the GPU paths, for a session that has a GPU (CI and the project's machine have none).

    HF_HUB_OFFLINE=1 .venv/bin/python tools/gpu_check.py                 # on the GPU machine: every check on cuda
    HF_HUB_OFFLINE=1 .venv/bin/python tools/gpu_check.py --device cpu    # the same checks on the CPU (to test this script)
    HF_HUB_OFFLINE=1 .venv/bin/python tools/gpu_check.py --skip train    # leave out the (slower) training runs

Each check prints PASS or FAIL with its numbers; the exit status is 1 if any failed. Once they pass on a GPU, the
checks belong in `#|cuda` cells of the notebooks, with their output committed.
"""
from __future__ import annotations
import argparse, os, sys, tempfile, time, traceback
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import torch
import timm
from clora.core import CLoRA
from clora.layers import serial_lowrank


def check_serial_gradcheck(dev: str) -> str:
    "`SerialLowRank`'s hand-written backward against autograd's numerical gradient, in float64 on `dev`."
    torch.manual_seed(0)
    args = [torch.randn(*s, dtype=torch.float64, device=dev, requires_grad=True) for s in ((6, 5), (5, 3), (3, 5))]
    assert torch.autograd.gradcheck(lambda x, A, U: serial_lowrank(x, A, U, 0.7), args)
    assert torch.autograd.gradgradcheck(lambda x, A, U: serial_lowrank(x, A, U, 0.7), args)
    return 'gradcheck and gradgradcheck'


def check_step0_merge(dev: str) -> str:
    "Step 0 equals the frozen model, and merged equals unmerged to 1e-5 (fp32, TF32 off), on `dev`."
    torch.backends.cuda.matmul.allow_tf32 = False; torch.backends.cudnn.allow_tf32 = False  # fp32 means fp32
    torch.manual_seed(0)
    base = timm.create_model('vit_small_patch14_dinov2', pretrained=False, img_size=56, num_classes=10).to(dev).eval()
    x = torch.randn(4, 3, 56, 56, device=dev)
    with torch.no_grad(): frozen = base(x)
    cm = CLoRA(base, p=4, r=8).eval()
    with torch.no_grad():
        d0 = (cm(x) - frozen).abs().max().item()
        for m in cm.lrms.values(): m.coef.normal_(0, 0.3)
        for s in cm.spaces.values(): s.D.add_(0.02 * torch.randn_like(s.D))
        adapted = cm(x)
        plain = cm.merge_and_unload()
        dm = (plain(x) - adapted).abs().max().item()
    assert d0 == 0, f"step 0 differs by {d0}"
    assert dm < 1e-5, f"merged differs by {dm}"
    assert all(p.device.type == torch.device(dev).type for p in plain.parameters())
    return f"step 0 exact; merged vs unmerged max |Δ| {dm:.1e}"


def check_points(dev: str) -> str:
    "Farthest-point sampling and kNN on `dev` pick what they pick on the CPU; a CLoRA Point-MAE agrees with its CPU copy."
    from clora.points import fps, knn, _pn2
    from clora.pointmae import create_pointmae
    torch.manual_seed(0)
    xyz = torch.rand(3, 1024, 3) * 2 - 1
    same_fps = torch.equal(fps(xyz.to(dev), 64).cpu(), fps(xyz, 64))
    c = xyz[:, :64]
    same_knn = torch.equal(knn(xyz.to(dev), c.to(dev), 32).cpu().sort(-1).values, knn(xyz, c, 32).sort(-1).values)
    assert same_fps and same_knn, f"fps same: {same_fps}, knn same: {same_knn}"
    torch.manual_seed(0)
    pm = CLoRA(create_pointmae(None, num_classes=15), p=4, r=8).eval()
    with torch.no_grad():
        for m in pm.lrms.values(): m.coef.normal_(0, 0.3)
        pts = torch.rand(2, 1024, 3) * 2 - 1
        out_cpu = pm(pts)
        d = (pm.to(dev)(pts.to(dev)).cpu() - out_cpu).abs().max().item()
    assert d < 1e-3, f"Point-MAE on {dev} differs from the CPU by {d}"
    kind = 'pointnet2_ops' if (_pn2 is not None and dev.startswith('cuda')) else 'pure torch'
    return f"fps ({kind}) and knn identical to the CPU's; Point-MAE max |Δ| {d:.1e}"


def _digits(dev: str, **kw) -> dict:
    from clora.train import train
    return train(task='digits', weights='offline', img_size=28, epochs=2, lr=5e-3, seed=0, out=tempfile.mkdtemp(), **kw)


def check_train_precisions(dev: str) -> str:
    "fastai training on `dev` in fp32, bf16 and fp16 (loss scaling): each learns digits (chance: 0.1)."
    accs = {p: _digits(dev, precision=p)['test_accuracy'] for p in ('fp32', 'bf16', 'fp16')}
    assert all(a > 0.6 for a in accs.values()), accs
    return 'test accuracy ' + ', '.join(f"{p} {a:.3f}" for p, a in accs.items())


def check_train_compile(dev: str) -> str:
    "`compile=True` on `dev` trains to the eager run's accuracy."
    a, b = _digits(dev), _digits(dev, compile=True)
    assert abs(a['test_accuracy'] - b['test_accuracy']) <= 0.02, (a['test_accuracy'], b['test_accuracy'])
    return f"eager {a['test_accuracy']:.3f} ({a['wall_s']} s), compiled {b['test_accuracy']:.3f} ({b['wall_s']} s)"


CHECKS = dict(gradcheck=check_serial_gradcheck, merge=check_step0_merge, points=check_points,
              train=check_train_precisions, compile=check_train_compile)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--device', default='cuda', help="'cuda' (default) or 'cpu' to test the script itself")
    ap.add_argument('--skip', nargs='*', default=[], choices=list(CHECKS), help='checks to leave out')
    args = ap.parse_args(argv)
    if args.device.startswith('cuda') and not torch.cuda.is_available():
        print("no CUDA device here: run this on the GPU machine, or pass --device cpu"); return 2
    if args.device == 'cpu': os.environ['CUDA_VISIBLE_DEVICES'] = ''  # fastai's default device follows what torch sees
    print(f"torch {torch.__version__}, timm {timm.__version__}, device {args.device}"
          + (f" ({torch.cuda.get_device_name()})" if args.device.startswith('cuda') else ''), flush=True)
    failed = []
    for name, fn in CHECKS.items():
        if name in args.skip: continue
        t0 = time.time()
        try: print(f"PASS {name}: {fn(args.device)} [{time.time() - t0:.0f} s]", flush=True)
        except Exception as e:
            failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e} [{time.time() - t0:.0f} s]", flush=True)
            traceback.print_exc()
    print(f"{len(failed)} failed: {failed}" if failed else "all passed")
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
