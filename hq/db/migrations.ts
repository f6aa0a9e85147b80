import type { Migration } from './migration.ts';
import { migration as m0001 } from './migrations/0001-fleet.ts';
import { migration as m0002 } from './migrations/0002-ingest.ts';
import { migration as m0003 } from './migrations/0003-publications.ts';
import { migration as m0004 } from './migrations/0004-credit.ts';
import { migration as m0005 } from './migrations/0005-staff.ts';
import { migration as m0006 } from './migrations/0006-figures.ts';
import { migration as m0007 } from './migrations/0007-mobile-codes.ts';
import { migration as m0008 } from './migrations/0008-heartbeats.ts';
import { migration as m0009 } from './migrations/0009-releases.ts';
import { migration as m0010 } from './migrations/0010-commands.ts';
import { migration as m0011 } from './migrations/0011-console.ts';
import { migration as m0012 } from './migrations/0012-challengers.ts';
import { migration as m0013 } from './migrations/0013-escalation-input.ts';

/** Every HQ migration, in order (test/hq/migrations.test.ts checks the files against this list). */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
