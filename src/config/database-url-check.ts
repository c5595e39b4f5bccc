import { Client } from 'pg';
import { ConfigError } from './app-config';
import { maskUrl, redactSecrets } from './secrets';

/** Errors worth a retry: the server is not up (yet), or the network has not settled (containers starting together). */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', '57P03']);

/**
 * Before the app starts: can we log in to the external PostgreSQL at all? A wrong password, an
 * unknown database or an unreachable host then stops the boot with one line that names
 * DATABASE_URL (its password masked) and the server's reason, instead of four stack traces from
 * TypeORM's retries. Transient failures are retried a few times, as TypeORM would.
 */
export async function checkDatabaseUrl(
  url: string,
  options: { attempts?: number; delayMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const { attempts = 4, delayMs = 500, timeoutMs = 5000 } = options;
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
    // A connection that dies after connecting must not become an unhandled 'error' event.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      const { code, message } = err as { code?: string; message?: string };
      if (attempt < attempts && code && TRANSIENT.has(code)) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        continue;
      }
      const reason = redactSecrets(String(message ?? err), { DATABASE_URL: url });
      throw new ConfigError(`Cannot connect to the database at DATABASE_URL=${maskUrl(url)}: ${reason}`);
    }
  }
}
