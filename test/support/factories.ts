/**
 * Test data builders. They write straight to the file's database (fast, and independent of
 * the endpoints under test) and mint real access tokens with the app's own JwtService.
 */
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Role } from '../../src/accounts/role';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  token: string;
}

let counter = 0;

/** A user of `role` with a valid access token. Password hash is a placeholder: log in through the API only with users made by /auth/register. */
export async function createUser(
  t: TestApp,
  role: Role = Role.Customer,
  overrides: { email?: string; name?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const suffix = `${process.env.JEST_WORKER_ID ?? 0}-${counter}-${randomUUID().slice(0, 8)}`;
  const email = overrides.email ?? `${role}-${suffix}@example.test`;
  const name = overrides.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${counter}`;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO "user" (email, name, slug, role, password_hash) VALUES ($1, $2, $3, $4, 'x') RETURNING id`,
    [email, name, `u-${suffix}`, role],
  );
  return { id: row.id, email, name, role, token: tokenFor(t, row.id, role) };
}

export function tokenFor(t: TestApp, userId: string, role: Role): string {
  return t.app.get(JwtService).sign({ sub: userId, role, typ: 'access' });
}
