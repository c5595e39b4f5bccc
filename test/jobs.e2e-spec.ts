import { JobsService } from '../src/jobs/jobs.service';
import { createTestApp, TestApp } from './support/test-app';
import { createApp } from '../src/app.setup';

/** The pg-boss queue: jobs run, and with two instances on one database each job runs once. */
describe('jobs (pg-boss on PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('jobs', { JOBS_ENABLED: 'true' });
  });
  afterAll(() => t.close());

  it('two instances on one database run each job exactly once', async () => {
    // A second API instance on the same database.
    const second = await createApp(t.config);
    await second.init();
    try {
      const seen: { instance: string; n: number }[] = [];
      const handler = (instance: string) => (data: { n: number }) => {
        seen.push({ instance, n: data.n });
        return Promise.resolve();
      };
      await t.app
        .get(JobsService)
        .register({ name: 'test.once', handler: handler('a'), pollingIntervalSeconds: 0.5 });
      await second
        .get(JobsService)
        .register({ name: 'test.once', handler: handler('b'), pollingIntervalSeconds: 0.5 });
      expect(t.app.get(JobsService).running).toBe(true);

      for (let n = 0; n < 20; n++) await t.app.get(JobsService).send('test.once', { n });
      const deadline = Date.now() + 20_000;
      while (seen.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

      expect(seen.map((s) => s.n).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
      // pg-boss marks a job completed after its handler resolves, in a separate statement: wait for
      // the last marks to land rather than reading once right after the handlers ran (flaky under load).
      const completed = async () =>
        Number(
          (
            await t.sql<{ completed: string }>(
              `SELECT count(*) AS completed FROM pgboss.job WHERE name = 'test.once' AND state = 'completed'`,
            )
          )[0].completed,
        );
      let done = await completed();
      while (done < 20 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        done = await completed();
      }
      expect(done).toBe(20);
      expect(seen).toHaveLength(20);
    } finally {
      await second.close();
    }
  });
});
