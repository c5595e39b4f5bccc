import { IsIn, IsString, Matches } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination';
import { RefundOrderDto } from '../../dto/refund-order.dto';

/** `GET /payments?needs=manual_refund`: the crypto money staff must send back on-chain. */
export class PaymentsListQueryDto extends PaginationQueryDto {
  /** The one list there is: transfers to refund by hand. */
  @IsIn(['manual_refund'])
  needs: 'manual_refund';
}

/** Money received on-chain that must go back to its sender (crypto refunds are manual). */
export class ManualRefundDto {
  /** The transfer's event id `chainId:txHash:logIndex`; mark it refunded with this id. */
  id: string;
  /** Our payment reference. */
  reference: string;
  /** @example "BZ-000123" */
  orderNumber: string;
  /** The order's status now. */
  orderStatus: string;
  /** late (arrived after the order expired, was cancelled or the window ended), expired (an underpayment the window closed on), overpaid (the excess of the payment that completed the order). */
  reason: string;
  /** Send the refund to this address (the transfer's sender). */
  senderAddress: string;
  /** Base units to send back (decimal string). @example "5000000" */
  amount: string;
  /** The human amount. @example "5" */
  displayAmount: string;
  decimals: number;
  /** The token contract. */
  tokenAddress: string;
  chainId: number;
  /** The fiat currency the token is pegged to. @example "USD" */
  currency: string;
  /** The incoming transfer's transaction. */
  txHash: string;
  blockNumber: string;
  receivedAt: string;
}

const TX_HASH_MESSAGE = 'txHash must be a 0x-prefixed 32-byte hex transaction hash';

/** The on-chain refund staff sent from the merchant wallet for a listed transfer. */
export class RecordCryptoRefundDto {
  /** Hash of the refund transaction (0x + 64 hex). @example "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060" */
  @IsString()
  @Matches(/^0x[0-9a-fA-F]{64}$/, { message: TX_HASH_MESSAGE })
  txHash: string;
}

/**
 * A crypto order refunded on-chain by staff: what was sent back, in the body POST
 * /orders/{id}/refund takes (empty: everything left; `lines` and/or `amount`: in part; `reason`;
 * `restock`), plus the refund transaction's hash.
 */
export class CryptoOrderRefundDto extends RefundOrderDto {
  /** Hash of the refund transaction (0x + 64 hex). @example "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060" */
  @IsString()
  @Matches(/^0x[0-9a-fA-F]{64}$/, { message: TX_HASH_MESSAGE })
  txHash: string;
}

/** What recording a manual refund did. */
export class ManualRefundResultDto {
  id: string;
  refundTxHash: string;
  refundedAt: string;
}
