"""Rewrites the README configuration table from .env.example: python3 scripts/config-table.py"""
import re

lines = open('.env.example').read().split('\n')
out, comment, group, prev = [], [], None, ''
for line in lines:
    m = re.match(r'^# ── (.+?) ─', line)
    if m:
        group = m.group(1)
        out.append('\n**%s**\n\n| Variable | Default | What it does |\n|---|---|---|' % group)
        comment = []
        continue
    if line.startswith('#') and group:
        comment.append(line[1:].strip())
        continue
    m = re.match(r'^([A-Z0-9_]+)=(.*)$', line)
    if m and group:
        name, val = m.groups()
        desc = ' '.join(comment) if comment else prev
        default = '`%s`' % val if val else '—'
        out.append('| `%s` | %s | %s |' % (name, default, desc.replace('|', '\\|')))
        prev, comment = desc, []
    elif not line.strip():
        comment = []
table = '\n'.join(out).strip()
readme = open('README.md').read()
start, end = '<!-- config:start -->', '<!-- config:end -->'
before, rest = readme.split(start, 1)
_, after = rest.split(end, 1)
open('README.md', 'w').write('%s%s\n%s\n%s%s' % (before, start, table, end, after))
print('README.md configuration table updated')
