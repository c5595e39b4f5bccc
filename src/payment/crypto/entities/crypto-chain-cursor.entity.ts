import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How far the deposit scan has read the chain for good: every block up to scannedBlock is
 * CRYPTO_CONFIRMATIONS deep and its transfers are recorded; later blocks are read again each scan.
 */
@Entity('crypto_chain_cursor')
export class CryptoChainCursor {
  @PrimaryColumn({ type: 'integer' })
  chainId: number;

  @PrimaryColumn({ type: 'varchar', length: 42 })
  tokenAddress: string;

  @Column({ type: 'bigint' })
  scannedBlock: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
