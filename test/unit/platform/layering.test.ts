import { ESLint } from 'eslint';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/core.ts';

const eslint = new ESLint({ cwd: ROOT });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'kiosk/layering').map((m) => m.message);
}

describe('layering lint rule (DESIGN.md §3): an allow-list per layer', () => {
  it.each([
    ['electron/core/catalog/x.ts', "import { app } from 'electron';"],
    ['electron/core/x.ts', "import { win } from '../main/window.ts';"],
    ['electron/core/x.ts', "import { startHost } from '../host/server.ts';"],
    ['electron/core/x.ts', "import leftPad from 'left-pad';"],
    ['electron/domain/x.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/domain/x.ts', "import { join } from 'path';"],
    ['electron/domain/x.ts', "import Database from 'better-sqlite3';"],
    ['electron/domain/x.ts', "import { openDatabase } from '../core/db/database.ts';"],
    ['electron/contract/x.ts', "import { useState } from 'react';"],
    ['electron/contract/x.ts', "import { openDatabase } from '../core/db/database.ts';"],
    ['electron/contract/x.ts', "import { money } from '../domain/money.ts';"],
    ['electron/host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['electron/preload/x.ts', "import { createKioskCore } from '../core/kiosk-core.ts';"],
    ['renderer/features/x.tsx', "import { openDatabase } from '../../electron/core/db/database.ts';"],
    ['renderer/app/x.ts', "import Database from 'better-sqlite3';"],
    ['renderer/app/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/app/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/app/x.ts', "export { startHost } from '../../electron/host/server.ts';"],
    ['hq/server/x.ts', "import { createKioskCore } from '../../electron/core/kiosk-core.ts';"],
    ['hq/server/x.ts', "import { App } from '../../renderer/app/App.tsx';"],
  ])('%s: %s is a lint error', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['electron/core/x.ts', "import { channels } from '../contract/api.ts';"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/domain/x.ts', "import type { SpecDef } from '../contract/catalog.ts';"],
    ['electron/domain/x.ts', "import { z } from 'zod';"],
    ['renderer/app/x.ts', "import { formatFen } from '../../electron/domain/money.ts';"],
    ['renderer/app/x.ts', "import '@fontsource/noto-sans-sc/400.css';"],
    ['electron/host/x.ts', "import { createKioskCore } from '../core/kiosk-core.ts';"],
    ['hq/server/x.ts', "import { channels } from '../../electron/contract/api.ts';"],
    ['test/unit/x.test.ts', "import { createKioskCore } from '../../electron/core/kiosk-core.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  // The repository itself is held to its layers by `npm run lint` (eslint ., the first step of
  // npm test), which fails on any kiosk/layering error: linting it again here took 30 s.

  it.each([
    ['electron/core/kiosk-core.ts', "db.prepare('SELECT 1').get();"],
    ['electron/core/credit/referrals.ts', "this.d.db.exec('DELETE FROM credit_applications');"],
    ['electron/core/staff/channels.ts', 'db.transaction(() => undefined)();'],
  ])('%s may not hold SQL: %s', async (file, code) => {
    const [result] = await eslint.lintText(code, { filePath: file });
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });

  it('every feature of the core has its tests in the same-named folder of test/unit', () => {
    const features = readdirSync(join(ROOT, 'electron', 'core'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(features.filter((feature) => !existsSync(join(ROOT, 'test', 'unit', feature)))).toEqual([]);
  });
});
