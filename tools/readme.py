"""Write README.md from nbs/index.ipynb (a stand-in for `nbdev-readme`, which needs Quarto; CI's docs build uses Quarto).
Markdown cells are copied; visible code cells become ```python blocks; `#|hide` cells are dropped."""
import json, sys
from pathlib import Path

def render(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip('\n')
        if c['cell_type'] == 'markdown': out.append(src)
        elif c['cell_type'] == 'code' and src and not src.lstrip().startswith('#|hide'):
            out.append('```python\n' + src + '\n```')
    note = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then `make readme`. -->\n\n'
    text = '\n\n'.join(out).replace('](explanations/', '](nbs/explanations/')  # site-relative links, seen from the repo root
    return note + text + '\n'

if __name__ == '__main__':
    root = Path(__file__).resolve().parent.parent
    (root/'README.md').write_text(render(root/'nbs'/'index.ipynb'))
