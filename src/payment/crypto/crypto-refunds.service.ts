import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../accounts/auth-user';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../../common/pagination';
import { userActor } from '../../orders/actor';
import { OrderDto } from '../../orders/dto/order.dto';
import { REFUNDABLE } from '../../orders/order-state';
import { OrdersQueryService } from '../../orders/orders-query.service';
import { OrdersService } from '../../orders/orders.service';
import { RefundLedger } from '../refund-ledger';
import { RefundsService } from '../refunds.service';
import { CRYPTO_PROVIDER } from './crypto.provider';
import {
  CryptoOrderRefundDto,
  ManualRefundDto,
  ManualRefundResultDto,
  PaymentsListQueryDto,
  RecordCryptoRefundDto,
} from './dto/manual-refund.dto';
import { formatUnits } from './token-amount';

interface DueRow {
  id: string;
  reference: string;
  number: string;
  order_status: string;
  refund_reason: string;
  from_address: string;
  refund_due: string;
  decimals: number;
  token_address: string;
  chain_id: number;
  currency: string;
  tx_hash: string;
  block_number: string;
  created_at: Date;
  total: string;
}

/**
 * Crypto refunds are made by staff from the merchant wallet (the server holds no key): the
 * money to send back is listed (late payments, payments after the window, overpayment excess),
 * and staff record each refund's transaction hash; a paid crypto order is refunded the same way.
 */
@Injectable()
export class CryptoRefundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly query: OrdersQueryService,
    private readonly refunds: RefundsService,
    private readonly ledger: RefundLedger,
  ) {}

  async listDue(q: PaymentsListQueryDto): Promise<Page<ManualRefundDto>> {
    const rows = await this.dataSource.query<DueRow[]>(
      `SELECT t.id, p.reference, o.number, o.status AS order_status, t.refund_reason, t.from_address, t.refund_due::text,
              d.decimals, d.token_address, d.chain_id, p.currency, t.tx_hash, t.block_number::text, t.created_at,
              count(*) OVER ()::text AS total
         FROM crypto_transfer t JOIN crypto_deposit d ON d.payment_id = t.payment_id
         JOIN payment p ON p.id = t.payment_id JOIN "order" o ON o.id = p.order_id
        WHERE t.refund_due > 0 AND t.refund_tx_hash IS NULL
        ORDER BY t.created_at, t.id
        LIMIT $1 OFFSET $2`,
      [q.perPage, offsetOf(q)],
    );
    const total = rows.length ? Number(rows[0].total) : 0;
    return toPage(
      rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        orderNumber: r.number,
        orderStatus: r.order_status,
        reason: r.refund_reason,
        senderAddress: r.from_address,
        amount: r.refund_due,
        displayAmount: formatUnits(BigInt(r.refund_due), r.decimals),
        decimals: r.decimals,
        tokenAddress: r.token_address,
        chainId: r.chain_id,
        currency: r.currency,
        txHash: r.tx_hash,
        blockNumber: r.block_number,
        receivedAt: new Date(r.created_at).toISOString(),
      })),
      total,
      q,
    );
  }

  /** Records the on-chain refund of a listed transfer. Repeating the same hash is a no-op; another hash is 409. */
  async markRefunded(user: AuthUser, id: string, dto: RecordCryptoRefundDto): Promise<ManualRefundResultDto> {
    const txHash = dto.txHash.toLowerCase();
    return this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(
        `SELECT id, payment_id, refund_due, refund_tx_hash, refunded_at FROM crypto_transfer WHERE id = $1 FOR UPDATE`,
        [id],
      )) as {
        id: string;
        payment_id: string;
        refund_due: string | null;
        refund_tx_hash: string | null;
        refunded_at: Date | null;
      }[];
      if (!row || row.refund_due === null || BigInt(row.refund_due) <= 0n)
        throw new NotFoundError('Manual refund', { id });
      if (row.refund_tx_hash) {
        if (row.refund_tx_hash !== txHash)
          throw new ConflictError(
            'ALREADY_REFUNDED',
            `This transfer was already refunded with ${row.refund_tx_hash}`,
            {
              refundTxHash: row.refund_tx_hash,
            },
          );
        return { id, refundTxHash: txHash, refundedAt: new Date(row.refunded_at!).toISOString() };
      }
      const [done] = (await m.query(
        `UPDATE crypto_transfer SET refund_tx_hash = $2, refunded_at = now(), refunded_by = $3, updated_at = now()
          WHERE id = $1 RETURNING refunded_at`,
        [id, txHash, user.id],
      )) as [{ refunded_at: Date }[], number];
      // A payment recorded as succeeded for an order that was no longer payable is refunded once all its money went back.
      await m.query(
        `UPDATE payment p SET status = 'refunded', failure_reason = $2, updated_at = now()
           FROM "order" o
          WHERE p.id = $1 AND o.id = p.order_id AND p.status = 'succeeded' AND o.status IN ('cancelled', 'expired')
            AND NOT EXISTS (SELECT 1 FROM crypto_transfer t WHERE t.payment_id = p.id AND t.refund_due > 0 AND t.refund_tx_hash IS NULL)`,
        [row.payment_id, `Refunded on-chain by staff (${txHash})`],
      );
      return { id, refundTxHash: txHash, refundedAt: new Date(done[0].refunded_at).toISOString() };
    });
  }

  /**
   * Staff refunded a crypto order on-chain, in full or in part: what they sent back becomes a
   * refund row with its lines — written by RefundsService.plan under the order lock from the body
   * POST /orders/{id}/refund takes, then settled succeeded with the hash as its provider reference
   * by RefundLedger.settle in the same transaction (refunded or partially_refunded; the payment
   * refunded once all of it went back). The same hash again for this order changes nothing.
   */
  async refundOrder(user: AuthUser, orderId: string, dto: CryptoOrderRefundDto): Promise<OrderDto> {
    const { txHash: rawHash, ...refund } = dto;
    const txHash = rawHash.toLowerCase();
    await this.query.access(user, orderId);
    await this.dataSource.transaction(async (m) => {
      const status = await this.orders.lockStatus(orderId, m);
      // Under the order lock: a retried request (or two at once) records the transaction once.
      const [recorded] = (await m.query(
        `SELECT 1 FROM refund WHERE order_id = $1 AND provider_ref = $2 AND status = 'succeeded'`,
        [orderId, txHash],
      )) as unknown[];
      if (recorded) return;
      if (REFUNDABLE.includes(status)) {
        const payment = await this.ledger.capturedPayment(orderId, m, true);
        if (payment?.provider !== CRYPTO_PROVIDER)
          throw new ConflictError(
            'NO_CAPTURED_CRYPTO_PAYMENT',
            'This order has no captured crypto payment to refund',
          );
      }
      // Not refundable (e.g. refunded already): plan answers 409 ILLEGAL_TRANSITION; too much: REFUND_EXCEEDS_CAPTURED.
      const planned = await this.refunds.plan(user.id, orderId, refund, m, true);
      await this.ledger.settle(
        planned.id,
        { status: 'succeeded', providerRef: txHash, note: `on-chain by staff: ${txHash}` },
        userActor(user),
        m,
      );
      await m.query(`UPDATE crypto_deposit SET refund_tx_hash = $2 WHERE payment_id = $1`, [
        planned.payment.id,
        txHash,
      ]);
    });
    return this.query.get(user, orderId);
  }
}
