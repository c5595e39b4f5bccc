import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { CryptoSettings } from '../../config/app-config';
import { JobsService } from '../../jobs/jobs.service';
import { PaymentsService } from '../payments.service';
import { TransferLog } from './chain-client';
import { CRYPTO_PROVIDER, CryptoPaymentProvider } from './crypto.provider';

export const CRYPTO_SCAN_JOB = 'payments.crypto-scan';
/** pg_advisory_lock key of the scan: one scanner at a time across every instance. */
const SCAN_LOCK_KEY = 0x63727970; // "cryp"

export interface ScanResult {
  /** Another instance held the scan lock: this run did nothing. */
  skipped: boolean;
  head?: string;
  recorded: number;
  confirmed: number;
  removed: number;
  settled: number;
}

interface WatchedRow {
  payment_id: string;
  address: string;
  start_block: string;
}

interface OpenDepositRow {
  payment_id: string;
  reference: string;
  payment_status: string;
  payment_amount: string;
  currency: string;
  order_status: string;
  expected: string;
  expires_at: Date;
}

interface ConfirmedRow {
  id: string;
  amount: string;
}

/**
 * Watches the chain for payments to the deposit addresses. A pg-boss job (every minute; the
 * queue and an advisory lock make it run once across instances):
 *  1. reads Transfer logs of the token to the watched addresses from the block after the cursor
 *     to the head (eth_getLogs, batched by block range and address);
 *  2. records each transfer once by `chainId:txHash:logIndex`; a not-yet-confirmed transfer that
 *     is no longer in the logs (its block was reorganised away) is marked removed;
 *  3. confirms transfers with CRYPTO_CONFIRMATIONS blocks on top, and moves the cursor to the
 *     deepest confirmed block (later blocks are read again next time);
 *  4. settles each open payment: confirmed transfers adding up to the amount → a `succeeded`
 *     ProviderEvent through PaymentsService.applyProviderEvent (event id: the transfer that
 *     completed it); the window over with less → an `expired` event. Money that cannot pay an
 *     order (late, after the window, the excess of an overpayment) becomes a refund due, listed
 *     for staff (GET /payments?needs=manual_refund).
 * An RPC failure throws before anything is written: the job is retried and nothing is lost.
 */
@Injectable()
export class CryptoDepositScanner implements OnModuleInit {
  private readonly logger = new Logger(CryptoDepositScanner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: CryptoPaymentProvider,
    private readonly payments: PaymentsService,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.provider.enabled) return;
    await this.jobs.register({
      name: CRYPTO_SCAN_JOB,
      cron: '* * * * *',
      retryLimit: 3,
      retryDelaySeconds: 15,
      handler: async () => void (await this.scan()),
    });
  }

  async scan(): Promise<ScanResult> {
    const settings = this.provider.settings;
    if (!settings) return { skipped: true, recorded: 0, confirmed: 0, removed: 0, settled: 0 };
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock($1) AS locked`, [
        SCAN_LOCK_KEY,
      ])) as { locked: boolean }[];
      if (!locked) return { skipped: true, recorded: 0, confirmed: 0, removed: 0, settled: 0 };
      try {
        return await this.scanLocked(settings);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock($1)`, [SCAN_LOCK_KEY]);
      }
    } finally {
      await lock.release();
    }
  }

  private async scanLocked(settings: CryptoSettings): Promise<ScanResult> {
    const chain = this.provider.chain!;
    const chainId = await chain.chainId();
    if (chainId !== settings.chainId)
      throw new Error(`CRYPTO_RPC_URL serves chain ${chainId}, not CRYPTO_CHAIN_ID ${settings.chainId}`);
    const head = await chain.head();
    const now = this.clock.now();
    const watched = await this.dataSource.query<WatchedRow[]>(
      `SELECT payment_id, address, start_block FROM crypto_deposit
        WHERE chain_id = $1 AND token_address = $2 AND watch_until > $3`,
      [settings.chainId, settings.tokenAddress, now],
    );
    const [cursor] = await this.dataSource.query<{ scanned_block: string }[]>(
      `SELECT scanned_block FROM crypto_chain_cursor WHERE chain_id = $1 AND token_address = $2`,
      [settings.chainId, settings.tokenAddress],
    );
    let from: bigint | null = cursor ? BigInt(cursor.scanned_block) + 1n : null;
    if (from === null && watched.length)
      from = watched.map((w) => BigInt(w.start_block)).reduce((a, b) => (a < b ? a : b));
    // Every RPC read happens before the first write: a failure leaves the database as it was.
    const logs =
      from !== null && from <= head && watched.length
        ? await chain.transfersTo(
            watched.map((w) => w.address),
            from,
            head,
          )
        : [];
    const safe = head - BigInt(settings.confirmations) + 1n;
    const counts = await this.dataSource.transaction((m) =>
      this.record(settings, watched, logs, from, head, safe, m),
    );
    const settled = await this.settle(settings, now);
    return { skipped: false, head: head.toString(), ...counts, settled };
  }

  private async record(
    settings: CryptoSettings,
    watched: WatchedRow[],
    logs: TransferLog[],
    from: bigint | null,
    head: bigint,
    safe: bigint,
    m: EntityManager,
  ): Promise<{ recorded: number; confirmed: number; removed: number }> {
    const byAddress = new Map(watched.map((w) => [w.address.toLowerCase(), w.payment_id]));
    let recorded = 0;
    for (const log of logs) {
      const paymentId = byAddress.get(log.to.toLowerCase());
      if (!paymentId) continue; // not one of ours (the topic filter should already exclude it)
      const rows = (await m.query(
        `INSERT INTO crypto_transfer (id, payment_id, block_number, block_hash, tx_hash, log_index, from_address, amount, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'seen')
         ON CONFLICT (id) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
                status = 'seen', updated_at = now()
          WHERE crypto_transfer.status <> 'confirmed'
         RETURNING (xmax = 0) AS inserted`,
        [
          log.id,
          paymentId,
          log.blockNumber.toString(),
          log.blockHash,
          log.txHash,
          log.logIndex,
          log.from,
          log.value.toString(),
        ],
      )) as { inserted: boolean }[];
      if (rows[0]?.inserted) recorded++;
    }
    const payments = watched.map((w) => w.payment_id);
    let removed = 0;
    if (from !== null) {
      // Unconfirmed transfers in the range just read that are no longer there: their block is gone.
      // Only up to this head: a transfer above it is not gone, the endpoint (one node of a pool) is
      // behind; if its block did vanish, a later scan whose head is past it finds it missing.
      const [gone] = (await m.query(
        `UPDATE crypto_transfer SET status = 'removed', updated_at = now()
          WHERE status = 'seen' AND payment_id = ANY($1::uuid[]) AND block_number >= $2 AND block_number <= $3
            AND id <> ALL($4::text[])
          RETURNING id, tx_hash`,
        [payments, from.toString(), head.toString(), logs.map((l) => l.id)],
      )) as [{ id: string; tx_hash: string }[], number];
      removed = gone.length;
      for (const g of gone)
        this.logger.warn(`crypto transfer ${g.id} left the chain (reorg) before confirmation`);
    }
    const [confirmed] = (await m.query(
      `UPDATE crypto_transfer SET status = 'confirmed', updated_at = now()
        WHERE status = 'seen' AND payment_id = ANY($1::uuid[]) AND block_number <= $2
        RETURNING id`,
      [payments, safe.toString()],
    )) as [{ id: string }[], number];
    // A payment already decided takes no more money: what arrives now is to be refunded.
    await m.query(
      `UPDATE crypto_transfer t SET refund_due = t.amount, refund_reason = 'late', updated_at = now()
         FROM crypto_deposit d
        WHERE d.payment_id = t.payment_id AND d.settled_at IS NOT NULL
          AND t.id = ANY($1::text[]) AND t.refund_due IS NULL`,
      [confirmed.map((c) => c.id)],
    );
    const next = from === null ? null : safe > from - 1n ? safe : from - 1n;
    if (next !== null && next <= head) {
      await m.query(
        `INSERT INTO crypto_chain_cursor (chain_id, token_address, scanned_block) VALUES ($1, $2, $3)
         ON CONFLICT (chain_id, token_address) DO UPDATE
           SET scanned_block = GREATEST(crypto_chain_cursor.scanned_block, EXCLUDED.scanned_block), updated_at = now()`,
        [settings.chainId, settings.tokenAddress, next.toString()],
      );
    }
    return { recorded, confirmed: confirmed.length, removed };
  }

  /** Decides every open payment whose confirmed transfers, window or order say it is decided. */
  private async settle(settings: CryptoSettings, now: Date): Promise<number> {
    const open = await this.dataSource.query<OpenDepositRow[]>(
      `SELECT d.payment_id, p.reference, p.status AS payment_status, p.amount AS payment_amount, p.currency,
              o.status AS order_status, d.expected, d.expires_at
         FROM crypto_deposit d JOIN payment p ON p.id = d.payment_id JOIN "order" o ON o.id = p.order_id
        WHERE d.settled_at IS NULL AND d.chain_id = $1 AND d.token_address = $2
        ORDER BY d.created_at`,
      [settings.chainId, settings.tokenAddress],
    );
    let settled = 0;
    for (const deposit of open) {
      try {
        if (await this.settleOne(settings, deposit, now)) settled++;
      } catch (err) {
        // One payment's failure must not hold up the others; the next scan tries it again.
        this.logger.error({ err }, `could not settle crypto payment ${deposit.reference}`);
      }
    }
    return settled;
  }

  private async settleOne(settings: CryptoSettings, d: OpenDepositRow, now: Date): Promise<boolean> {
    const transfers = await this.dataSource.query<ConfirmedRow[]>(
      `SELECT id, amount FROM crypto_transfer WHERE payment_id = $1 AND status = 'confirmed'
        ORDER BY block_number, log_index`,
      [d.payment_id],
    );
    const expected = BigInt(d.expected);
    let sum = 0n;
    let completing = -1;
    for (let i = 0; i < transfers.length; i++) {
      sum += BigInt(transfers[i].amount);
      if (completing < 0 && sum >= expected) completing = i;
    }
    const payable = d.payment_status === 'pending' && d.order_status === 'pending';
    if (completing >= 0 && (payable || d.payment_status === 'succeeded')) {
      const completer = transfers[completing];
      const result = await this.payments.applyProviderEvent({
        provider: CRYPTO_PROVIDER,
        eventId: completer.id,
        reference: d.reference,
        type: 'succeeded',
        // What the order costs: the received sum is ≥ it; the excess is recorded as a refund due.
        amount: Number(d.payment_amount),
        currency: d.currency,
        payload: {
          chainId: settings.chainId,
          token: settings.tokenAddress,
          expected: expected.toString(),
          received: sum.toString(),
          transfers: transfers.slice(0, completing + 1).map((t) => t.id),
        },
      });
      const outcome = result.duplicate ? await this.outcomeOf(completer.id) : result.outcome;
      if (outcome === 'paid' || outcome === 'already_applied') {
        const upTo = transfers.slice(0, completing + 1).reduce((a, t) => a + BigInt(t.amount), 0n);
        const dues: [string, bigint, string][] = [];
        if (upTo > expected) dues.push([completer.id, upTo - expected, 'overpaid']);
        for (const t of transfers.slice(completing + 1)) dues.push([t.id, BigInt(t.amount), 'late']);
        await this.close(d, 'paid', dues);
        if (sum > expected)
          this.logger.warn(`crypto payment ${d.reference} overpaid by ${sum - expected} units: refund due`);
      } else {
        // order_not_payable: the order left pending as the money arrived. It stays as it is.
        await this.close(
          d,
          'late',
          transfers.map((t) => [t.id, BigInt(t.amount), 'late']),
        );
      }
      return true;
    }
    if (payable && now.getTime() >= new Date(d.expires_at).getTime()) {
      await this.payments.applyProviderEvent({
        provider: CRYPTO_PROVIDER,
        eventId: `${settings.chainId}:expired:${d.reference}`,
        reference: d.reference,
        type: 'expired',
        payload: { expected: expected.toString(), received: sum.toString() },
      });
      await this.close(
        d,
        'expired',
        transfers.map((t) => [t.id, BigInt(t.amount), 'expired']),
      );
      return true;
    }
    if (!payable && d.payment_status !== 'succeeded') {
      // The order was cancelled or expired (its payment with it) before enough arrived.
      await this.close(
        d,
        'unpayable',
        transfers.map((t) => [t.id, BigInt(t.amount), 'late']),
      );
      return true;
    }
    return false;
  }

  private async outcomeOf(eventId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ outcome: string }[]>(
      `SELECT outcome FROM payment_event WHERE provider = $1 AND event_id = $2`,
      [CRYPTO_PROVIDER, eventId],
    );
    return row?.outcome;
  }

  private async close(d: OpenDepositRow, outcome: string, dues: [string, bigint, string][]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE crypto_deposit SET settled_at = now(), outcome = $2 WHERE payment_id = $1 AND settled_at IS NULL`,
        [d.payment_id, outcome],
      );
      for (const [id, amount, reason] of dues) {
        if (amount <= 0n) continue;
        await m.query(
          `UPDATE crypto_transfer SET refund_due = $2, refund_reason = $3, updated_at = now() WHERE id = $1 AND refund_due IS NULL`,
          [id, amount.toString(), reason],
        );
      }
    });
    if (dues.length && outcome !== 'paid')
      this.logger.warn(`crypto payment ${d.reference} closed as ${outcome} with money to refund by hand`);
  }
}
