import { createTestApp, TestApp } from './support/test-app';

describe('foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('foundation');
  });
  afterAll(() => t.close());

  it('is live and ready', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('unknown route gives a 404 JSON error', async () => {
    const res = await t.http.get('/api/v1/nope');
    expect(res.status).toBe(404);
    const res2 = await t.http.post('/api/v1/nope', undefined, { raw: '{"a":' });
  });
});
