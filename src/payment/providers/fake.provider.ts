import { AppConfig } from '../../config/app-config';
import {
  PaymentProvider,
  PaymentSession,
  PaymentSessionRequest,
  RefundRequest,
  RefundResult,
} from '../payment-provider';

/**
 * The demo/test provider, enabled only when PAYMENTS_FAKE=true (config refuses it in
 * production). Its "hosted page" is our own `GET /api/v1/payments/fake/{reference}`; paying there
 * (`POST .../succeed` or `/fail`) produces the same ProviderEvent a verified webhook would.
 */
export class FakePaymentProvider implements PaymentProvider {
  readonly name = 'fake';

  constructor(private readonly config: AppConfig) {}

  createSession(request: PaymentSessionRequest): Promise<PaymentSession> {
    return Promise.resolve({
      providerRef: `fake_${request.reference}`,
      redirectUrl: `${this.config.publicUrl}/api/v1/payments/fake/${encodeURIComponent(request.reference)}`,
    });
  }

  refund(request: RefundRequest): Promise<RefundResult> {
    return Promise.resolve({ providerRef: `fake_refund_${request.reference}`, status: 'succeeded' });
  }
}
