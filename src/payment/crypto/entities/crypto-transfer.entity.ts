import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { CryptoDeposit } from './crypto-deposit.entity';

/**
 * One Transfer log of the token to a deposit address, recorded once under its event id
 * `chainId:txHash:logIndex`. `seen` until CRYPTO_CONFIRMATIONS blocks are on top of it, then
 * `confirmed` (final); a `seen` transfer whose log is gone on a rescan (reorg) becomes `removed`.
 * refundDue > 0 puts it on the manual-refund list (late, expired, or the excess of an
 * overpayment) until staff record the on-chain refund's hash.
 */
@Entity('crypto_transfer')
@Index('IDX_crypto_transfer_refund_due', ['createdAt'], {
  where: `refund_due > 0 AND refund_tx_hash IS NULL`,
})
export class CryptoTransfer {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  @Index('IDX_crypto_transfer_payment')
  @Column({ type: 'uuid' })
  paymentId: string;

  @ManyToOne(() => CryptoDeposit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  deposit?: Relation<CryptoDeposit>;

  @Column({ type: 'bigint' })
  blockNumber: string;

  @Column({ type: 'varchar', length: 66 })
  blockHash: string;

  @Column({ type: 'varchar', length: 66 })
  txHash: string;

  @Column({ type: 'integer' })
  logIndex: number;

  @Column({ type: 'varchar', length: 42 })
  fromAddress: string;

  @Column({ type: 'numeric', precision: 78, scale: 0 })
  amount: string;

  /** seen, confirmed, removed. */
  @Column({ type: 'varchar', length: 10 })
  status: string;

  @Column({ type: 'numeric', precision: 78, scale: 0, nullable: true })
  refundDue: string | null;

  /** late, expired, overpaid. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  refundReason: string | null;

  @Column({ type: 'varchar', length: 66, nullable: true })
  refundTxHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  refundedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
