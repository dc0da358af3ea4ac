#!/usr/bin/env python3
"""One-off (re-runnable) rewrite: in SQL of a module that names another module's table after FROM or
JOIN, name the owner's published view instead (`FROM projects` → `FROM training.projects`). Writes are
left for a person to move behind the owner's service. Prints every changed line."""
import os, re, subprocess, sys
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
owners, views = {}, {}
mods = os.path.join(root, 'src/modules')
for m in os.listdir(mods):
    t = os.path.join(mods, m, f'{m}.tables.ts')
    if os.path.exists(t):
        for name in re.findall(r"pgTable\(\s*'([a-z_0-9]+)'", open(t).read()):
            owners[name] = m
    v = os.path.join(mods, m, f'{m}.views.ts')
    if os.path.exists(v):
        views[m] = set(re.findall(r"'([a-z_0-9]+)'", re.search(r"PUBLISHED_VIEWS = \[([^\]]*)\]", open(v).read()).group(1)))
UNBOUND = {'composition', 'db', 'synthetic'}
pat = re.compile(r'\b(from|join|FROM|JOIN|From|Join)(\s+)([a-z_][a-z_0-9]*)\b(?![.(])')
for dirpath, _, files in os.walk(os.path.join(root, 'src')):
    if 'migrations' in dirpath: continue
    for f in files:
        if not f.endswith('.ts') or f.endswith('.test.ts'): continue
        p = os.path.join(dirpath, f)
        rel = os.path.relpath(p, os.path.join(root, 'src')).split(os.sep)
        who = rel[1] if rel[0] == 'modules' else rel[0]
        if who in UNBOUND: continue
        lines = open(p).read().split('\n')
        changed = False
        for i, line in enumerate(lines):
            s = line.lstrip()
            if s.startswith('//') or s.startswith('*') or s.startswith('/*'): continue
            def fix(m):
                t = m.group(3); o = owners.get(t)
                if not o or o == who or t not in views.get(o, ()): return m.group(0)
                return f'{m.group(1)}{m.group(2)}{o}.{t}'
            new = pat.sub(fix, line)
            if new != line:
                print(f'{os.path.relpath(p, root)}:{i+1}: {new.strip()[:140]}')
                lines[i] = new; changed = True
        if changed: open(p, 'w').write('\n'.join(lines))
