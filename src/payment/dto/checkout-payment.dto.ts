import { CryptoPaymentDto } from '../crypto/dto/crypto-payment.dto';

/** Where the shopper goes to pay. */
export class CheckoutPaymentDto {
  /** @example "fake" */
  provider: string;
  /** Our payment reference: `GET /payments/{reference}` reports its status. */
  reference: string;
  /** Send the shopper here to pay (null if the provider could not be reached; retry the same Idempotency-Key). */
  redirectUrl: string | null;
  /** pending until the provider confirms. */
  status: string;
  /** provider `crypto` only: what to send where (ERC-20 transfer, EIP-681 `uri`). */
  crypto?: CryptoPaymentDto;
}
