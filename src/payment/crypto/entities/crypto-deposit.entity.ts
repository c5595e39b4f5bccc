import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  Relation,
} from 'typeorm';
import { Payment } from '../../entities/payment.entity';

/**
 * The deposit address of one crypto payment: child 0/addressIndex of CRYPTO_XPUB (the index from
 * the crypto_address_index sequence, so no two payments share an address) and the exact amount
 * expected, in token base units. Watched from startBlock until watchUntil; settledAt is set once
 * the payment is decided (paid, expired, or unpayable) — transfers after that are refunds due.
 */
@Entity('crypto_deposit')
export class CryptoDeposit {
  @PrimaryColumn({ type: 'uuid' })
  paymentId: string;

  @OneToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Relation<Payment>;

  @Column({ type: 'integer' })
  chainId: number;

  @Column({ type: 'varchar', length: 42 })
  tokenAddress: string;

  @Index('UQ_crypto_deposit_address_index', { unique: true })
  @Column({ type: 'integer' })
  addressIndex: number;

  /** EIP-55 checksummed. */
  @Index('UQ_crypto_deposit_address', { unique: true })
  @Column({ type: 'varchar', length: 42 })
  address: string;

  @Column({ type: 'smallint' })
  decimals: number;

  /** Token base units (uint256 fits numeric(78,0)). */
  @Column({ type: 'numeric', precision: 78, scale: 0 })
  expected: string;

  @Column({ type: 'bigint' })
  startBlock: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Index('IDX_crypto_deposit_watch_until')
  @Column({ type: 'timestamptz' })
  watchUntil: Date;

  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** paid, expired, unpayable (order cancelled/expired first), late (confirmed after the order left pending). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome: string | null;

  /** Staff's on-chain refund of a paid order (POST /orders/{id}/crypto-refund). */
  @Column({ type: 'varchar', length: 66, nullable: true })
  refundTxHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
