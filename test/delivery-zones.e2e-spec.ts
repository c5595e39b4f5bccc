import { randomUUID } from 'node:crypto';
import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { ADDRESS, addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const ZONES = '/api/v1/delivery-zones';
const OYO_ADDRESS = { ...ADDRESS, city: 'Ibadan', state: 'Oyo' };

describe('delivery zones', () => {
  let t: TestApp;
  let staff: TestUser;
  let admin: TestUser;
  let seller: TestUser;
  let customer: TestUser;
  let gift: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('delivery-zones', { SHIPPING_FEE: '500', FREE_SHIPPING_OVER: '5000' });
    staff = await createUser(t, Role.Staff);
    admin = await createUser(t, Role.Admin);
    seller = await createUser(t, Role.Seller);
    customer = await createUser(t, Role.Customer);
    gift = await createProduct(t, { seller, name: 'Engraved Mug', price: 3000, stock: 1000 });
  });
  afterAll(() => t.close());

  const newBuyer = () => createUser(t, Role.Customer);
  const createZone = async (body: object, token = staff.token) => {
    const res = await t.http.post(ZONES, body, { token });
    if (res.status !== 201) throw new Error(`create zone: ${res.status} ${res.text}`);
    return res.body as { id: string; name: string };
  };
  const ordersOf = (userId: string) =>
    t.sql<{
      id: string;
      delivery_zone_id: string | null;
      delivery_zone_name: string | null;
      shipping_fee: string;
    }>(`SELECT id, delivery_zone_id, delivery_zone_name, shipping_fee FROM "order" WHERE user_id = $1`, [
      userId,
    ]);

  it('without zones: an empty public list, and checkout keeps the flat SHIPPING_FEE / FREE_SHIPPING_OVER rule', async () => {
    expect((await t.http.get(ZONES)).body).toEqual([]);
    const buyer = await newBuyer();
    await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
    const small = await checkout(t, buyer);
    expect(small.status).toBe(201);
    expect(small.body.order).toMatchObject({
      subtotal: 3000,
      shippingFee: 500,
      total: 3500,
      deliveryZone: null,
    });
    await addToCart(t, buyer, { productId: gift.id, quantity: 2 });
    const large = await checkout(t, buyer);
    expect(large.body.order).toMatchObject({
      subtotal: 6000,
      shippingFee: 0,
      total: 6000,
      deliveryZone: null,
    });
  });

  it('only staff and admins write zones: 401 anonymous, 403 for customers and sellers, nothing written', async () => {
    const body = { name: 'Forbidden', fee: 100 };
    expect((await t.http.post(ZONES, body)).status).toBe(401);
    for (const user of [customer, seller]) {
      const res = await t.http.post(ZONES, body, { token: user.token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    }
    const zone = await createZone({ name: `Admin zone ${randomUUID().slice(0, 6)}`, fee: 100 }, admin.token);
    for (const user of [customer, seller]) {
      expect((await t.http.patch(`${ZONES}/${zone.id}`, { fee: 1 }, { token: user.token })).status).toBe(403);
      expect((await t.http.delete(`${ZONES}/${zone.id}`, { token: user.token })).status).toBe(403);
      const all = await t.http.get(ZONES, { token: user.token, query: { includeInactive: true } });
      expect(all.status).toBe(403);
    }
    expect((await t.http.delete(`${ZONES}/${zone.id}`)).status).toBe(401);
    const [row] = await t.sql<{ fee: string; n: number }>(`SELECT fee FROM delivery_zone WHERE id = $1`, [
      zone.id,
    ]);
    expect(row.fee).toBe('100');
    expect(await t.sql(`SELECT 1 FROM delivery_zone WHERE name = 'Forbidden'`)).toHaveLength(0);
    expect((await t.http.delete(`${ZONES}/${zone.id}`, { token: admin.token })).body).toEqual({
      id: zone.id,
      outcome: 'deleted',
    });
    expect(await t.sql(`SELECT 1 FROM delivery_zone WHERE id = $1`, [zone.id])).toHaveLength(0);
  });

  it('refuses bad zones with a 400 naming the field, and a name in use (any case) with a 409', async () => {
    const bad: [object, string][] = [
      [{ name: 'X', fee: -1 }, 'fee'],
      [{ name: 'X', fee: 1.5 }, 'fee'],
      [{ name: '  ', fee: 1 }, 'name'],
      [{ name: 'X', fee: 1, country: 'NGA' }, 'country'],
      [{ name: 'X', fee: 1, states: [''] }, 'states'],
      [{ name: 'X', fee: 1, freeOver: -5 }, 'freeOver'],
      [{ name: 'X', fee: 1, estimatedDaysMin: 3, estimatedDaysMax: 2 }, 'estimatedDaysMax'],
      [{ fee: 1 }, 'name'],
    ];
    for (const [body, field] of bad) {
      const res = await t.http.post(ZONES, body, { token: staff.token });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
    const zone = await createZone({ name: 'Sagamu', fee: 500 });
    const dup = await t.http.post(ZONES, { name: ' sagamu ', fee: 1 }, { token: staff.token });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DELIVERY_ZONE_NAME_TAKEN');
    for (const [body, field] of [
      [{ name: null }, 'name'],
      [{ fee: null }, 'fee'],
      [{ estimatedDaysMin: 5, estimatedDaysMax: 1 }, 'estimatedDaysMax'],
    ] as const) {
      const res = await t.http.patch(`${ZONES}/${zone.id}`, body, { token: staff.token });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
    expect((await t.http.patch(`${ZONES}/${randomUUID()}`, { fee: 1 }, { token: staff.token })).status).toBe(
      404,
    );
    expect((await t.http.delete(`${ZONES}/not-a-uuid`, { token: staff.token })).status).toBe(400);
    await t.http.delete(`${ZONES}/${zone.id}`, { token: staff.token });
  });

  describe('with zones', () => {
    let ikeja: { id: string };
    let ibadan: { id: string };
    let paused: { id: string };

    beforeAll(async () => {
      ikeja = await createZone({
        name: 'Ikeja',
        country: 'ng',
        states: ['Lagos'],
        fee: 1000,
        freeOver: 12000,
        estimatedDaysMin: 1,
        estimatedDaysMax: 2,
        position: 2,
      });
      ibadan = await createZone({ name: 'Ibadan', country: 'NG', states: ['oyo'], fee: 800, position: 1 });
      paused = await createZone({ name: 'Paused', fee: 1, active: false, position: 0 });
    });

    it('lists the active zones in display order to anyone; staff may include the inactive ones', async () => {
      const list = await t.http.get(ZONES);
      expect(list.status).toBe(200);
      expect(list.body.map((z: { name: string }) => z.name)).toEqual(['Ibadan', 'Ikeja']);
      expect(list.body[1]).toMatchObject({
        id: ikeja.id,
        country: 'NG',
        states: ['Lagos'],
        fee: 1000,
        freeOver: 12000,
        estimatedDaysMin: 1,
        estimatedDaysMax: 2,
        active: true,
        currency: t.config.currency,
      });
      const all = await t.http.get(ZONES, { token: staff.token, query: { includeInactive: true } });
      expect(all.body.map((z: { name: string }) => z.name)).toEqual(['Paused', 'Ibadan', 'Ikeja']);
      expect((await t.http.get(`${ZONES}/${paused.id}`)).status).toBe(404);
      expect((await t.http.get(`${ZONES}/${paused.id}`, { token: staff.token })).status).toBe(200);
    });

    it('previews the fee on GET /cart?deliveryZoneId=, free from the threshold', async () => {
      const buyer = await newBuyer();
      await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
      const cart = await t.http.get('/api/v1/cart', {
        token: buyer.token,
        query: { deliveryZoneId: ikeja.id },
      });
      expect(cart.status).toBe(200);
      expect(cart.body.delivery).toEqual({
        zoneId: ikeja.id,
        zoneName: 'Ikeja',
        estimatedDaysMin: 1,
        estimatedDaysMax: 2,
        fee: 1000,
        freeOver: 12000,
        total: 4000,
      });
      await addToCart(t, buyer, { productId: gift.id, quantity: 3 });
      const free = await t.http.get('/api/v1/cart', {
        token: buyer.token,
        query: { deliveryZoneId: ikeja.id },
      });
      expect(free.body.delivery).toMatchObject({ fee: 0, total: 12000 });
      expect((await t.http.get('/api/v1/cart', { token: buyer.token })).body.delivery).toBeUndefined();
      for (const id of [paused.id, randomUUID()]) {
        const res = await t.http.get('/api/v1/cart', { token: buyer.token, query: { deliveryZoneId: id } });
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 400,
          code: 'INVALID_DELIVERY_ZONE',
        });
      }
      const junk = await t.http.get('/api/v1/cart', { query: { deliveryZoneId: 'nope' } });
      expect(junk.status).toBe(400);
    });

    it('checkout applies the zone fee and free threshold and snapshots the zone on the order', async () => {
      const buyer = await newBuyer();
      await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
      const res = await checkout(t, buyer, {
        body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId: ikeja.id },
      });
      expect(res.status).toBe(201);
      expect(res.body.order).toMatchObject({
        subtotal: 3000,
        shippingFee: 1000,
        total: 4000,
        deliveryZone: { id: ikeja.id, name: 'Ikeja' },
      });
      expect(res.body.payment).toBeDefined();
      await addToCart(t, buyer, { productId: gift.id, quantity: 4 });
      const free = await checkout(t, buyer, {
        body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId: ikeja.id },
      });
      expect(free.body.order).toMatchObject({ subtotal: 12000, shippingFee: 0, total: 12000 });
      const rows = await ordersOf(buyer.id);
      expect(rows.map((r) => [r.delivery_zone_id, r.delivery_zone_name]).sort()).toEqual([
        [ikeja.id, 'Ikeja'],
        [ikeja.id, 'Ikeja'],
      ]);
    });

    it('refuses a missing, unknown, inactive or non-matching zone with a 400, writing nothing', async () => {
      const buyer = await newBuyer();
      await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
      const attempt = (deliveryZoneId: string | undefined, shippingAddress = ADDRESS) =>
        checkout(t, buyer, { body: { shippingAddress, provider: 'fake', deliveryZoneId } });

      const missing = await attempt(undefined);
      expect({ status: missing.status, code: missing.body.code }).toEqual({
        status: 400,
        code: 'DELIVERY_ZONE_REQUIRED',
      });
      for (const id of [paused.id, randomUUID()]) {
        const res = await attempt(id);
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 400,
          code: 'INVALID_DELIVERY_ZONE',
        });
      }
      const mismatch = await attempt(ibadan.id);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.code).toBe('DELIVERY_ZONE_MISMATCH');
      expect(mismatch.body.message).toContain('Ibadan');
      expect(mismatch.body.message).toContain('Lagos');
      expect(mismatch.body.details).toMatchObject({
        deliveryZoneId: ibadan.id,
        zone: { name: 'Ibadan', country: 'NG', states: ['oyo'] },
        address: { state: 'Lagos', country: 'NG' },
      });
      const wrongCountry = await attempt(ikeja.id, { ...ADDRESS, country: 'gh' });
      expect(wrongCountry.body.code).toBe('DELIVERY_ZONE_MISMATCH');
      expect(await ordersOf(buyer.id)).toHaveLength(0);
      expect((await t.http.get('/api/v1/cart', { token: buyer.token })).body.items).toHaveLength(1);

      // The state matches ignoring case.
      const ok = await attempt(ibadan.id, { ...OYO_ADDRESS, state: 'OYO' });
      expect(ok.status).toBe(201);
      expect(ok.body.order).toMatchObject({ shippingFee: 800, deliveryZone: { name: 'Ibadan' } });
    });

    it('an edited or deleted zone leaves old orders as placed: a zone orders use is archived, not deleted', async () => {
      const lekki = await createZone({ name: 'Lekki', country: 'NG', states: ['Lagos'], fee: 1200 });
      const buyer = await newBuyer();
      await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
      const placed = await checkout(t, buyer, {
        body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId: lekki.id },
      });
      expect(placed.body.order).toMatchObject({ shippingFee: 1200, total: 4200 });
      const orderId = placed.body.order.id as string;

      const edited = await t.http.patch(
        `${ZONES}/${lekki.id}`,
        { name: 'Lekki Phase 1', fee: 2000 },
        { token: staff.token },
      );
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ name: 'Lekki Phase 1', fee: 2000 });

      const removed = await t.http.delete(`${ZONES}/${lekki.id}`, { token: staff.token });
      expect(removed.body).toEqual({ id: lekki.id, outcome: 'archived' });
      expect((await t.http.get(`${ZONES}/${lekki.id}`, { token: staff.token })).status).toBe(404);
      const all = await t.http.get(ZONES, { token: staff.token, query: { includeInactive: true } });
      expect(all.body.map((z: { id: string }) => z.id)).not.toContain(lekki.id);
      expect((await t.http.patch(`${ZONES}/${lekki.id}`, { fee: 1 }, { token: staff.token })).status).toBe(
        404,
      );
      expect((await t.http.delete(`${ZONES}/${lekki.id}`, { token: staff.token })).status).toBe(404);

      const order = await t.http.get(`/api/v1/orders/${orderId}`, { token: buyer.token });
      expect(order.body).toMatchObject({
        shippingFee: 1200,
        total: 4200,
        deliveryZone: { id: lekki.id, name: 'Lekki' },
      });
      const [row] = await t.sql<{ archived_at: Date | null }>(
        `SELECT archived_at FROM delivery_zone WHERE id = $1`,
        [lekki.id],
      );
      expect(row.archived_at).not.toBeNull();

      // An archived zone cannot be chosen, and its name is free again.
      await addToCart(t, buyer, { productId: gift.id, quantity: 1 });
      const again = await checkout(t, buyer, {
        body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId: lekki.id },
      });
      expect(again.body.code).toBe('INVALID_DELIVERY_ZONE');
      const reused = await createZone({ name: 'Lekki Phase 1', fee: 900 });
      expect(reused.id).not.toBe(lekki.id);
    });
  });
});
