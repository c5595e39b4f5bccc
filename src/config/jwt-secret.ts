import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

/**
 * Outside production a missing JWT_SECRET is generated once and kept in DATA_DIR, so
 * tokens survive restarts of a dev shop. In production loadConfig has already refused it.
 */
export async function ensureJwtSecret(config: AppConfig): Promise<AppConfig> {
  if (config.jwt.secret) return config;
  const dir = resolve(config.dataDir);
  const file = join(dir, 'jwt-secret');
  let secret: string;
  if (existsSync(file)) {
    secret = (await readFile(file, 'utf8')).trim();
  } else {
    secret = randomBytes(48).toString('base64url');
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, secret, { mode: 0o600 });
    } catch (err) {
      // A DATA_DIR that is a file, or not writable: one line naming the key, not a stack.
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new ConfigError(
        `DATA_DIR=${dir} cannot hold the generated JWT secret (${code}): point DATA_DIR at a writable folder, or set JWT_SECRET`,
      );
    }
  }
  return config.with({ jwt: { ...config.jwt, secret } });
}
