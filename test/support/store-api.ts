/**
 * Helpers for the store e2e specs: build catalog data through the API itself (as a seller or
 * staff client would) and craft multipart uploads.
 */
import sharp from 'sharp';
import { Role } from '../../src/accounts/role';
import { createUser, TestUser } from './factories';
import { TestApp } from './test-app';

export const API = '/api/v1';

export interface Actors {
  staff: TestUser;
  seller: TestUser;
  otherSeller: TestUser;
  customer: TestUser;
}

export async function createActors(t: TestApp): Promise<Actors> {
  return {
    staff: await createUser(t, Role.Staff),
    seller: await createUser(t, Role.Seller),
    otherSeller: await createUser(t, Role.Seller),
    customer: await createUser(t, Role.Customer),
  };
}

export async function createCategory(
  t: TestApp,
  token: string,
  body: { name: string; slug?: string; parentId?: string | null; position?: number },
): Promise<{ id: string; slug: string; name: string }> {
  const res = await t.http.post(`${API}/categories`, body, { token });
  if (res.status !== 201) throw new Error(`category ${body.name}: ${res.status} ${res.text}`);
  return res.body;
}

export interface ProductInput {
  name: string;
  categoryId: string;
  price: number;
  stock?: number;
  description?: string;
  discountPercent?: number;
  active?: boolean;
  slug?: string;
  sku?: string;
  variants?: {
    options: Record<string, string>;
    stock?: number;
    priceOverride?: number | null;
    sku?: string;
  }[];
  customizationOptions?: unknown[];
}

export async function createProduct(t: TestApp, token: string, body: ProductInput): Promise<any> {
  const res = await t.http.post(`${API}/products`, body, { token });
  if (res.status !== 201) throw new Error(`product ${body.name}: ${res.status} ${res.text}`);
  return res.body;
}

/** A small solid-colour image in the given format. */
export function imageBytes(
  format: 'png' | 'jpeg' | 'webp' | 'gif',
  width = 64,
  height = 48,
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/** A multipart/form-data body with text fields and one file. */
export function multipart(
  file: { data: Buffer; filename?: string; contentType?: string; field?: string },
  fields: Record<string, string> = {},
): { body: Buffer; contentType: string } {
  const boundary = `----bazaar${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename ?? 'upload.bin'}"\r\n` +
        `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
