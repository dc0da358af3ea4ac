import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN } from './i18n.ts';

/** Chinese first, English available: every literal the UI translates has an English entry. */
describe('the English dictionary', () => {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const files = [
    path.join(dir, 'App.tsx'),
    ...fs
      .readdirSync(path.join(dir, 'pages'))
      .filter((f) => f.endsWith('.tsx'))
      .map((f) => path.join(dir, 'pages', f)),
  ];
  it("covers every t('…') key and every menu label", () => {
    const missing = new Set<string>();
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\('([^']+)'\)|label: '([^']+)'/g)) {
        const key = m[1] ?? m[2];
        if (/[\u4e00-\u9fff]/.test(key) && !(key in EN)) missing.add(`${path.basename(f)}: ${key}`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
