import { expect, it } from 'vitest';
it('knows which database it runs on', () => expect(['pglite', 'postgres']).toContain(process.env.HQ_TEST_DATABASE));
