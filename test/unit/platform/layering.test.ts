import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/core.ts';

const eslint = new ESLint({ cwd: ROOT });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule (DESIGN.md §3)', () => {
  it.each([
    ['electron/core/catalog/x.ts', "import { app } from 'electron';"],
    ['electron/core/x.ts', "import { win } from '../main/window.ts';"],
    ['electron/domain/x.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/domain/x.ts', "import { join } from 'path';"],
    ['electron/contract/x.ts', "import { useState } from 'react';"],
    ['electron/contract/x.ts', "import { openDatabase } from '../core/db/database.ts';"],
    ['electron/host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['renderer/features/x.tsx', "import { openDatabase } from '../../electron/core/db/database.ts';"],
    ['renderer/app/x.ts', "import Database from 'better-sqlite3';"],
    ['renderer/app/x.ts', "import { ipcRenderer } from 'electron';"],
  ])('%s: %s is a lint error', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([expect.stringMatching(/layering:/)]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['electron/core/x.ts', "import { channels } from '../contract/api.ts';"],
    ['electron/domain/x.ts', "import type { SpecDef } from '../contract/catalog.ts';"],
    ['renderer/app/x.ts', "import { formatFen } from '../../electron/domain/money.ts';"],
    ['electron/host/x.ts', "import { createKioskCore } from '../core/kiosk-core.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('the repository itself passes: nothing imports electron outside main and preload', async () => {
    const results = await eslint.lintFiles(['electron', 'renderer']);
    const violations = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(violations).toEqual([]);
  });
});
