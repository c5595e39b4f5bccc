import { PaymentEventResultDto } from './payment-event-result.dto';

/** The acknowledgement of a webhook delivery: 200 whenever the signature was valid. */
export class WebhookResultDto {
  received: boolean;
  /** One per event the delivery carried that we act on; empty for event types we ignore. */
  results: PaymentEventResultDto[];
}

export class PaymentProvidersDto {
  /** The providers checkout accepts here, e.g. `["stripe", "paystack"]`; a provider without keys is not listed. */
  providers: string[];
}
