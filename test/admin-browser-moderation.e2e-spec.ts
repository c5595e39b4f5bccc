/**
 * The admin's moderation screens in a real browser (test/support/admin-browser.ts): staff work the
 * comments queue (one approve, a bulk reject with a reason), hide a review with a reason and create
 * a delivery zone; a seller replies to a review of its product; the queue at a 390 px phone width.
 */
import { Role } from '../src/accounts/role';
import { createProduct } from './support/catalog-factories';
import { createUser, TestUser, tokenFor } from './support/factories';
import { imageBytes, multipart } from './support/store-api';
import {
  AdminBrowser,
  account,
  expectAccessible,
  login,
  newPage,
  shot,
  startAdminBrowser,
  stopAdminBrowser,
} from './support/admin-browser';
import { TestApp } from './support/test-app';

jest.setTimeout(240_000);

const API = '/api/v1';
let ab: AdminBrowser;
let t: TestApp;
let base: string;

beforeAll(async () => {
  ab = await startAdminBrowser('admin_browser_moderation');
  ({ t, base } = ab);
});

afterAll(() => stopAdminBrowser(ab));

/** Through the API, as a shopper writes them (tokens live 30 s here: used at once). */
async function comment(author: TestUser, productId: string, body: string): Promise<string> {
  const res = await t.http.post(`${API}/products/${productId}/comments`, { body }, { token: author.token });
  if (res.status !== 201) throw new Error(`comment: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

async function review(author: TestUser, productId: string, rating: number, text: string): Promise<string> {
  const res = await t.http.post(
    `${API}/products/${productId}/reviews`,
    { rating, comment: text },
    { token: author.token },
  );
  if (res.status !== 201) throw new Error(`review: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

const commentRow = (id: string) =>
  t
    .sql<{
      status: string;
      moderated_by: string | null;
      moderation_reason: string | null;
    }>(`SELECT status, moderated_by, moderation_reason FROM comment WHERE id = $1`, [id])
    .then((rows) => rows[0]);

describe('admin moderation in chromium', () => {
  it('staff: approves a pending comment, rejects two in one bulk request, hides a review, creates a delivery zone', async () => {
    const staff = await account(ab, 'staff', 'Mona Moderator');
    const seller = await createUser(t, Role.Seller, { name: 'Rita Seller' });
    const product = await createProduct(t, { seller, name: 'Linen Apron', stock: 5 });
    const ann = await createUser(t, Role.Customer, { name: 'Ann Asker' });
    const bob = await createUser(t, Role.Customer, { name: 'Bob Spammer' });
    const cy = await createUser(t, Role.Customer, { name: 'Cy Spammer' });
    const first = await comment(ann, product.id, 'Is the linen pre-washed?');
    const spam1 = await comment(bob, product.id, 'CHEAP WATCHES at example.test');
    const spam2 = await comment(cy, product.id, 'More cheap watches here');
    // The oldest first: make the order unambiguous.
    await t.sql(
      `UPDATE comment SET created_at = now() - make_interval(mins => CASE id WHEN $1 THEN 30 WHEN $2 THEN 20 ELSE 10 END)
        WHERE id = ANY($3::uuid[])`,
      [first, spam1, [first, spam1, spam2]],
    );
    await review(ann, product.id, 5, 'Lovely apron, thick linen');
    const rude = await review(bob, product.id, 1, 'Rude words about the seller');
    const taken = await t.http.post(
      `${API}/delivery-zones`,
      { name: 'Ikeja', fee: 1000 },
      { token: (await createUser(t, Role.Staff)).token },
    );
    expect(taken.status).toBe(201);

    const { context, page, errors } = await newPage(ab);
    const requests: { method: string; url: string }[] = [];
    page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
    await login(ab, page, staff.email);
    await page.getByRole('menuitem', { name: 'Comments' }).click();

    // The queue: pending ones only, oldest first.
    const rows = page.getByTestId('comment-card');
    await rows.filter({ hasText: 'Is the linen pre-washed?' }).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('Is the linen pre-washed?');
    expect(await rows.nth(2).textContent()).toContain('More cheap watches here');
    const queueRequest = requests.filter((r) => r.url.includes(`${API}/comments?`)).at(-1)!;
    expect(new URL(queueRequest.url).searchParams.get('status')).toBe('pending');
    expect(new URL(queueRequest.url).searchParams.get('sort')).toBe('createdAt');
    await expectAccessible(page, 'comments queue');
    await shot(page, 'staff-comments-queue');

    // Approve one: it leaves the queue.
    await page.getByRole('button', { name: 'Approve the comment by Ann Asker' }).click();
    await page.getByText('Comment approved').waitFor();
    await rows.filter({ hasText: 'Is the linen pre-washed?' }).waitFor({ state: 'detached' });
    expect(await commentRow(first)).toEqual({
      status: 'approved',
      moderated_by: staff.id,
      moderation_reason: null,
    });

    // Reject the two others in bulk, with one reason, in one request.
    for (const author of ['Bob Spammer', 'Cy Spammer'])
      await page.getByRole('checkbox', { name: `Select the comment by ${author}` }).check();
    const before = requests.length;
    await page.getByRole('button', { name: 'Reject selected' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Reject 2 comments' }).waitFor();
    await dialog.getByLabel('Reason (shown to staff)').fill('Spam');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('2 comments rejected').waitFor();
    await rows.filter({ hasText: 'example.test' }).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(0);
    const writes = requests.slice(before).filter((r) => r.method !== 'GET' && r.url.includes('/comments'));
    expect(writes.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      `POST ${API}/comments/moderate`,
    ]);
    for (const id of [spam1, spam2])
      expect(await commentRow(id)).toEqual({
        status: 'rejected',
        moderated_by: staff.id,
        moderation_reason: 'Spam',
      });

    // Reviews: hide one with a reason (required), sort by rating.
    await page.getByRole('menuitem', { name: 'Reviews' }).click();
    const reviewRows = page.locator('tbody tr');
    await reviewRows.filter({ hasText: 'Rude words about the seller' }).waitFor();
    await expectAccessible(page, 'reviews list');
    await page.getByRole('button', { name: 'Hide the review by Bob Spammer' }).click();
    await dialog.getByRole('heading', { name: 'Hide this review' }).waitFor();
    const hide = dialog.getByRole('button', { name: 'Hide' });
    expect(await hide.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (shown to staff)').fill('Abusive language');
    await hide.click();
    await page.getByText('Review hidden').waitFor();
    await reviewRows
      .filter({ hasText: 'Rude words about the seller' })
      .getByText('Hidden: Abusive language')
      .waitFor();
    const [hidden] = await t.sql<{ hidden: boolean; hidden_reason: string; moderated_by: string }>(
      `SELECT hidden, hidden_reason, moderated_by FROM review WHERE id = $1`,
      [rude],
    );
    expect(hidden).toEqual({ hidden: true, hidden_reason: 'Abusive language', moderated_by: staff.id });
    // The public no longer sees it.
    const publicList = await t.http.get(`${API}/products/${product.id}/reviews`);
    expect(publicList.body.data.map((r: { id: string }) => r.id)).not.toContain(rude);
    await page.getByRole('button', { name: 'Rating' }).click();
    await page.waitForURL(/sort=rating/);
    expect(await reviewRows.nth(0).textContent()).toContain('Rude words about the seller');

    // A delivery zone: a taken name is refused on the name input, then saved.
    await page.getByRole('menuitem', { name: 'Delivery zones' }).click();
    await page.getByText('Ikeja').waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/delivery-zones\/create$/);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ikeja');
    await page.getByRole('spinbutton', { name: 'Fee', exact: true }).fill('15.00');
    await page.getByRole('textbox', { name: 'Country (two-letter code)' }).fill('ng');
    await page.getByRole('combobox', { name: 'States' }).fill('Lagos');
    await page.getByRole('combobox', { name: 'States' }).press('Enter');
    await page.getByRole('spinbutton', { name: 'Estimated days, from' }).fill('1');
    await page.getByRole('spinbutton', { name: 'Estimated days, up to' }).fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    // On the name input itself, not only in the notification.
    const nameInput = page.getByRole('textbox', { name: 'Name', exact: true });
    await nameInput.and(page.locator('[aria-invalid="true"]')).waitFor();
    const described = await nameInput.getAttribute('aria-describedby');
    await page
      .locator(`[id="${described}"]`)
      .filter({ hasText: 'A delivery zone with this name already exists' })
      .waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Lagos Mainland');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/delivery-zones$/);
    await page.getByText('Lagos Mainland').waitFor();
    const [zone] = await t.sql<Record<string, unknown>>(
      `SELECT fee, country, states, estimated_days_min, estimated_days_max, active FROM delivery_zone WHERE name = 'Lagos Mainland'`,
    );
    expect(zone).toEqual({
      fee: '1500',
      country: 'NG',
      states: ['Lagos'],
      estimated_days_min: 1,
      estimated_days_max: 2,
      active: true,
    });
    // Edit it (only the changed field is sent), then delete it.
    await page.getByText('Lagos Mainland').click();
    await page.waitForURL(/delivery-zones\/[0-9a-f-]{36}$/);
    const fee = page.getByRole('spinbutton', { name: 'Fee', exact: true });
    expect(await fee.inputValue()).toBe('15');
    await fee.fill('17.5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/delivery-zones$/);
    const patch = requests.filter((r) => r.method === 'PATCH' && r.url.includes('/delivery-zones/')).at(-1);
    expect(patch).toBeDefined();
    const [edited] = await t.sql<{ id: string; fee: string }>(
      `SELECT id, fee FROM delivery_zone WHERE name = 'Lagos Mainland'`,
    );
    expect(edited.fee).toBe('1750');
    await page.getByText('Lagos Mainland').click();
    await page.getByRole('button', { name: 'Delete' }).click();
    // Pessimistic: react-admin asks first.
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/delivery-zones$/);
    await page.getByText('Lagos Mainland').waitFor({ state: 'detached' });
    for (let i = 0; i < 50; i++) {
      const left = await t.sql(`SELECT 1 FROM delivery_zone WHERE id = $1`, [edited.id]);
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await t.sql(`SELECT 1 FROM delivery_zone WHERE id = $1`, [edited.id])).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a seller replies to a review of its own product and edits the reply; others are not listed', async () => {
    const seller = await account(ab, 'seller', 'Sam Stitcher');
    const otherSeller = await createUser(t, Role.Seller);
    const mine = await createProduct(t, { seller: seller.id, name: 'Quilted Oven Mitt', stock: 3 });
    const theirs = await createProduct(t, { seller: otherSeller, name: 'Other Tea Towel', stock: 3 });
    const dee = await createUser(t, Role.Customer, { name: 'Dee Reviewer' });
    const id = await review(dee, mine.id, 4, 'Warm and thick, a bit stiff');
    await review(dee, theirs.id, 2, 'Not this sellers towel');

    const { context, page, errors } = await newPage(ab);
    await login(ab, page, seller.email);
    await page.getByRole('menuitem', { name: 'Customer reviews' }).click();
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: 'Warm and thick' }).waitFor();
    expect(await page.getByText('Not this sellers towel').count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'Comments' }).count()).toBe(0);
    // Read only: no hide/show.
    expect(await page.getByRole('button', { name: /^Hide/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Reply to the review by Dee Reviewer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Your reply (public)').fill('Thanks! It softens after a wash.');
    await dialog.getByRole('button', { name: 'Post reply' }).click();
    await page.getByText('Reply posted').waitFor();
    await rows.getByText('Seller: Thanks! It softens after a wash.').waitFor();
    await expectAccessible(page, 'seller reviews list');

    await page.getByRole('button', { name: 'Edit reply to the review by Dee Reviewer' }).click();
    const field = dialog.getByLabel('Your reply (public)');
    expect(await field.inputValue()).toBe('Thanks! It softens after a wash.');
    await field.fill('Thanks! It softens after one wash at 40°C.');
    await dialog.getByRole('button', { name: 'Save reply' }).click();
    await page.getByText('Reply updated').waitFor();
    await rows.getByText('Seller: Thanks! It softens after one wash at 40°C.').waitFor();
    const [row] = await t.sql<{ reply_body: string }>(`SELECT reply_body FROM review WHERE id = $1`, [id]);
    expect(row.reply_body).toBe('Thanks! It softens after one wash at 40°C.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the comments queue at 390 px: cards without sideways overflow, bulk approve from a checkbox', async () => {
    const staff = await account(ab, 'staff', 'Pia Phone');
    const product = await createProduct(t, { name: 'Waxed Canvas Tote', stock: 2 });
    const eve = await createUser(t, Role.Customer, { name: 'Eve Longword' });
    const id = await comment(
      eve,
      product.id,
      `Does it fit a laptop? ${'Supercalifragilisticexpialidocious'.repeat(4)} and a water bottle?`,
    );

    const { context, page, errors } = await newPage(ab, 390, 844);
    await login(ab, page, staff.email);
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${base}/admin/comments`);
    const card = page.getByTestId('comment-card').filter({ hasText: 'Does it fit a laptop?' });
    await card.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'comments queue at 390 px');
    await shot(page, 'staff-comments-queue-390');

    await card.getByRole('checkbox', { name: 'Select the comment by Eve Longword' }).check();
    await page.getByRole('button', { name: 'Approve selected' }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByText('1 comment approved').waitFor();
    await card.waitFor({ state: 'detached' });
    expect((await commentRow(id)).status).toBe('approved');

    // The reviews list at the same width: cards too.
    await review(eve, product.id, 3, `Roomy. ${'Extraordinarilylongwordwithoutspaces'.repeat(3)}`);
    await page.goto(`${base}/admin/reviews`);
    await page.getByText('Roomy.').waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Hide the review by Eve Longword' }).waitFor();
    await expectAccessible(page, 'reviews list at 390 px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a seller reorders its product's images with move earlier/later (PATCH /products/:id imageIds)", async () => {
    const seller = await account(ab, 'seller', 'Ivy Imager');
    const product = await createProduct(t, { seller: seller.id, name: 'Striped Napkins', stock: 4 });
    const token = tokenFor(t, seller.id, Role.Seller);
    const ids: Record<string, string> = {};
    for (const alt of ['red', 'green', 'blue']) {
      const { body, contentType } = multipart({ data: await imageBytes('png') }, { alt });
      const res = await t.http.post(`${API}/products/${product.id}/images`, undefined, {
        token,
        raw: body,
        headers: { 'content-type': contentType },
      });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.text}`);
      ids[alt] = (res.body as { id: string }).id;
    }
    const stored = async () =>
      (
        await t.sql<{ alt: string }>(
          `SELECT alt FROM product_image WHERE product_id = $1 ORDER BY position`,
          [product.id],
        )
      ).map((r) => r.alt);
    const shown = (order: string) =>
      page.waitForFunction(
        (want) =>
          Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid=product-images] img'))
            .map((i) => i.alt)
            .join() === want,
        order,
      );

    const { context, page, errors } = await newPage(ab);
    await login(ab, page, seller.email);
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${base}/admin/products/${product.id}`);
    await shown('red,green,blue');
    const first = page.getByRole('button', { name: 'Move image 1 (red) earlier' });
    expect(await first.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Move image 3 (blue) later' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Move image 1 (red) later' }).click();
    await shown('green,red,blue');
    expect(await stored()).toEqual(['green', 'red', 'blue']);
    await page.getByRole('button', { name: 'Move image 3 (blue) earlier' }).click();
    await shown('green,blue,red');
    expect(await stored()).toEqual(['green', 'blue', 'red']);
    await expectAccessible(page, 'product images');
    expect(errors).toEqual([]);
    await context.close();
  });
});
