import { Role } from '../src/accounts/role';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** Accounts: staff user management (GET/PATCH /users) and its role matrix. */
describe('accounts: /users', () => {
  let t: TestApp;
  let admin: TestUser;
  let staff: TestUser;
  let seller: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp('accounts_users');
    admin = await createUser(t, Role.Admin, { email: 'root@example.test', name: 'Root Admin' });
    staff = await createUser(t, Role.Staff, { email: 'sam.staff@example.test', name: 'Sam Staff' });
    seller = await createUser(t, Role.Seller, { email: 'sally@shop.test', name: 'Sally Seller' });
    customer = await createUser(t, Role.Customer, { email: 'carl@example.test', name: 'Carl Customer' });
  });
  afterAll(() => t.close());

  const patch = (who: TestUser, target: TestUser | string, body: object) =>
    t.http.patch(`/api/v1/users/${typeof target === 'string' ? target : target.id}`, body, {
      token: who.token,
    });

  it('role matrix for GET /users: anonymous 401, customer/seller 403, staff/admin 200', async () => {
    expect((await t.http.get('/api/v1/users')).status).toBe(401);
    for (const who of [customer, seller]) {
      const res = await t.http.get('/api/v1/users', { token: who.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await t.http.get(`/api/v1/users/${customer.id}`, { token: who.token })).status).toBe(403);
      expect((await patch(who, customer, { active: false })).status).toBe(403);
    }
    for (const who of [staff, admin])
      expect((await t.http.get('/api/v1/users', { token: who.token })).status).toBe(200);
  });

  it('lists with search, filters, sort and pagination (body and headers)', async () => {
    const all = await t.http.get('/api/v1/users', { token: staff.token, query: { sort: 'email' } });
    expect(all.body.data.map((u: { email: string }) => u.email)).toEqual([
      'carl@example.test',
      'root@example.test',
      'sally@shop.test',
      'sam.staff@example.test',
    ]);
    expect(all.body).toMatchObject({ total: 4, page: 1, perPage: 20 });
    expect(all.body.data[0]).toEqual({
      id: customer.id,
      email: 'carl@example.test',
      name: 'Carl Customer',
      slug: expect.any(String),
      role: 'customer',
      avatarUrl: null,
      active: true,
      createdAt: expect.any(String),
    });

    const q = async (query: Record<string, string | number | boolean>) =>
      (await t.http.get('/api/v1/users', { token: staff.token, query })).body.data.map(
        (u: { id: string }) => u.id,
      );
    expect(await q({ q: 'SALLY' })).toEqual([seller.id]);
    expect(await q({ q: 'shop.test' })).toEqual([seller.id]);
    expect(await q({ q: 'staff', sort: 'name' })).toEqual([staff.id]);
    expect(await q({ q: '%' })).toEqual([]); // LIKE wildcards are literal
    expect(await q({ role: 'seller' })).toEqual([seller.id]);
    expect(await q({ sort: '-role,email' })).toEqual([admin.id, staff.id, seller.id, customer.id]);
    expect(await q({ sort: '-createdAt' })).toEqual([customer.id, seller.id, staff.id, admin.id]);

    const page2 = await t.http.get('/api/v1/users', {
      token: admin.token,
      query: { sort: 'email', page: 2, perPage: 3 },
    });
    expect(page2.body.data.map((u: { email: string }) => u.email)).toEqual(['sam.staff@example.test']);
    expect(page2.body).toMatchObject({ total: 4, page: 2, perPage: 3 });
    expect(page2.headers['x-total-count']).toBe('4');
    expect(page2.headers['content-range']).toBe('users 3-3/4');
    const beyond = await t.http.get('/api/v1/users', { token: admin.token, query: { page: 9 } });
    expect(beyond.body).toMatchObject({ data: [], total: 4 });
  });

  it.each([
    [{ sort: 'password' }, 'INVALID_SORT'],
    [{ role: 'superuser' }, 'VALIDATION_FAILED'],
    [{ active: 'maybe' }, 'VALIDATION_FAILED'],
    [{ perPage: 101 }, 'VALIDATION_FAILED'],
    [{ page: 0 }, 'VALIDATION_FAILED'],
  ])('refuses query %j with 400 %s', async (query, code) => {
    const res = await t.http.get('/api/v1/users', { token: staff.token, query });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('GET /users/:id: 200, 404 for an unknown id, 400 for a malformed one', async () => {
    const one = await t.http.get(`/api/v1/users/${seller.id}`, { token: staff.token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: seller.id, role: 'seller', email: 'sally@shop.test' });
    const unknown = await t.http.get('/api/v1/users/00000000-0000-4000-8000-000000000000', {
      token: staff.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const bad = await t.http.get('/api/v1/users/not-a-uuid', { token: staff.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_ID');
    expect((await patch(admin, '00000000-0000-4000-8000-000000000000', { active: false })).status).toBe(404);
    expect((await patch(admin, 'nope', { active: false })).status).toBe(400);
  });

  it('deactivating a user makes their current access token fail on the next request; reactivating restores it', async () => {
    const victim = await createUser(t, Role.Customer);
    expect((await t.http.get('/api/v1/me', { token: victim.token })).status).toBe(200);
    const off = await patch(staff, victim, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const me = await t.http.get('/api/v1/me', { token: victim.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('ACCOUNT_INACTIVE');
    expect(
      (await t.http.get('/api/v1/users', { token: staff.token, query: { active: false } })).body.data.map(
        (u: { id: string }) => u.id,
      ),
    ).toEqual([victim.id]);
    expect((await patch(staff, victim, { active: true })).status).toBe(200);
    expect((await t.http.get('/api/v1/me', { token: victim.token })).status).toBe(200);
  });

  it('deactivation also ends every refresh-token session', async () => {
    const reg = await t.http.post('/api/v1/auth/register', {
      email: 'sessions@example.test',
      password: 'correct-horse-42',
      name: 'Sessions',
    });
    expect((await patch(staff, reg.body.user.id, { active: false })).status).toBe(200);
    expect((await patch(staff, reg.body.user.id, { active: true })).status).toBe(200);
    const refresh = await t.http.post('/api/v1/auth/refresh', { refreshToken: reg.body.refreshToken });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('REFRESH_TOKEN_REVOKED');
  });

  it('staff cannot change roles (not even to promote to admin); admin can, effective on the next request', async () => {
    const target = await createUser(t, Role.Customer);
    for (const role of [Role.Admin, Role.Staff, Role.Seller]) {
      const res = await patch(staff, target, { role });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Only admins can change roles');
    }
    const promoted = await patch(admin, target, { role: Role.Seller });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('seller');
    // Same token, new role: the guard reads the role from the database on each request.
    expect((await t.http.get('/api/v1/me', { token: target.token })).body.role).toBe('seller');
    expect((await patch(admin, target, { role: Role.Admin })).body.role).toBe('admin');
    expect((await t.http.get('/api/v1/users', { token: target.token })).status).toBe(200);
  });

  it('staff cannot touch staff or admin accounts; admin can', async () => {
    const otherStaff = await createUser(t, Role.Staff);
    const res = await patch(staff, otherStaff, { active: false });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Only admins can manage staff and admin accounts');
    expect((await patch(staff, admin, { active: false })).status).toBe(403);
    expect((await patch(staff, staff, { active: false })).status).toBe(403);
    expect((await t.http.get('/api/v1/me', { token: otherStaff.token })).status).toBe(200);

    const byAdmin = await patch(admin, otherStaff, { active: false });
    expect(byAdmin.status).toBe(200);
    expect((await t.http.get('/api/v1/users', { token: otherStaff.token })).status).toBe(401);
  });

  it('staff may (de)activate sellers', async () => {
    const s = await createUser(t, Role.Seller);
    expect((await patch(staff, s, { active: false })).body.active).toBe(false);
    expect((await patch(staff, s, { active: true })).body.active).toBe(true);
  });

  it('nobody deactivates or demotes themselves', async () => {
    const self = await patch(admin, admin, { active: false });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    const demote = await patch(admin, admin, { role: Role.Customer });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('CANNOT_CHANGE_OWN_ROLE');
    expect((await t.http.get('/api/v1/me', { token: admin.token })).body).toMatchObject({
      role: 'admin',
      active: true,
    });
  });

  it('refuses unknown fields and bad values in PATCH', async () => {
    expect((await patch(admin, customer, { role: 'root' })).status).toBe(400);
    expect((await patch(admin, customer, { active: 'no' })).status).toBe(400);
    const unknown = await patch(admin, customer, { email: 'x@y.z' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('email');
  });

  it('documents /users with bearer auth, the page schema and 401/403/404', async () => {
    const spec = (await t.http.get('/docs-json')).body;
    const list = spec.paths['/api/v1/users'].get;
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(list.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/UserPageDto',
    );
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['page', 'perPage', 'q', 'role', 'active', 'sort']),
    );
    for (const status of ['401', '403']) expect(list.responses[status]).toBeDefined();
    expect(spec.paths['/api/v1/users/{id}'].get.responses['404']).toBeDefined();
    expect(spec.paths['/api/v1/users/{id}'].patch.responses['409']).toBeDefined();
  });
});
