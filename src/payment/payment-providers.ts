import { Inject, Injectable } from '@nestjs/common';
import { BadRequestError } from '../common/errors/domain-error';
import { PAYMENT_PROVIDERS, PaymentDetails, PaymentProvider } from './payment-provider';

/** A captured payment as read from the `payment` table: what a refund needs. */
export interface CapturedPaymentRow {
  id: string;
  provider: string;
  reference: string;
  provider_ref: string | null;
  amount: string;
  currency: string;
}

/** The enabled providers by name. */
@Injectable()
export class PaymentProviders {
  private readonly byName: Map<string, PaymentProvider>;

  constructor(@Inject(PAYMENT_PROVIDERS) providers: PaymentProvider[]) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Providers whose refunds staff make by hand (the orphan sweep leaves their payments to them). */
  get manualRefundNames(): string[] {
    return [...this.byName.values()].filter((p) => p.manualRefunds).map((p) => p.name);
  }

  /** Provider-specific facts of a payment, or nothing (provider off, or none to tell). */
  async details(provider: string, reference: string): Promise<PaymentDetails> {
    return (await this.byName.get(provider)?.paymentDetails?.(reference)) ?? {};
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The provider, or a 400 naming the ones that are available. */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) {
      const available = this.names;
      throw new BadRequestError(
        'PAYMENT_PROVIDER_UNAVAILABLE',
        `Payment provider "${name}" is not available${available.length ? `; use one of: ${available.join(', ')}` : ''}`,
        { field: 'provider', available },
      );
    }
    return provider;
  }
}
