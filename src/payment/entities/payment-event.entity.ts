import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every provider event applied, keyed by (provider, event id). Inserted in the same
 * transaction as the state change it causes: a redelivered event hits the unique index and is
 * acknowledged without changing anything.
 */
@Entity('payment_event')
@Index('UQ_payment_event_provider_event', ['provider', 'eventId'], { unique: true })
export class PaymentEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ type: 'varchar', length: 255 })
  eventId: string;

  @Index('IDX_payment_event_reference')
  @Column({ type: 'varchar', length: 64 })
  reference: string;

  /** What the provider said, e.g. `succeeded`, `failed`, `refunded`. */
  @Column({ type: 'varchar', length: 30 })
  type: string;

  /** What we did with it, e.g. `paid`, `amount_mismatch`, `ignored`. */
  @Column({ type: 'varchar', length: 30 })
  outcome: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
