import { migration as m0004 } from '../credit/migrations/0004-credit.ts';
import { migration as m0007 } from '../credit/migrations/0007-decision-signals.ts';
import { migration as m0002 } from '../catalog/migrations/0002-product-browser.ts';
import { migration as m0005 } from '../catalog/migrations/0005-category-services.ts';
import { migration as m0003 } from '../finance/migrations/0003-finance.ts';
import { migration as m0006 } from '../orders/migrations/0006-orders.ts';
import { migration as m0008 } from '../sync/migrations/0008-sync.ts';
import { migration as m0009 } from '../catalog/migrations/0009-store-datasets.ts';
import { migration as m0010 } from '../staff/migrations/0010-staff.ts';
import { migration as m0011 } from '../credit/migrations/0011-assisted-applications.ts';
import { migration as m0012 } from '../credit/migrations/0012-refunds.ts';
import { migration as m0013 } from '../figures/migrations/0013-figures.ts';
import { migration as m0014 } from '../face/migrations/0014-face.ts';
import { migration as m0015 } from '../face/migrations/0015-member-visits.ts';
import { migration as m0016 } from '../face/migrations/0016-application-faces.ts';
import { migration as m0017 } from '../fleet/migrations/0017-updates.ts';
import { migration as m0018 } from '../fleet/migrations/0018-commands.ts';
import { migration as m0019 } from '../fleet/migrations/0019-watchdog.ts';
import { migration as m0020 } from '../catalog/migrations/0020-search-documents.ts';
import { migration as m0021 } from '../credit/migrations/0021-challenger-decisions.ts';
import type { Migration } from './migration.ts';
import { migration as m0001 } from './migrations/0001-platform.ts';

export type { Migration };

/** Every migration the kiosk ships, in order (test/unit/db/migrations.test.ts checks the files against this list). */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019, m0020, m0021];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
