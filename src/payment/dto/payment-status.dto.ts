import { CryptoPaymentDto } from '../crypto/dto/crypto-payment.dto';
import { PaymentStatus } from '../entities/payment.entity';

/** What anyone holding the reference may know about a payment (e.g. the storefront's success page). */
export class PaymentStatusDto {
  reference: string;
  status: PaymentStatus;
  /** Minor units. */
  amount: number;
  currency: string;
  /** @example "BZ-000123" */
  orderNumber: string;
  /** provider `crypto` only: the deposit instructions and "received X of Y" (token base units). */
  crypto?: CryptoPaymentDto;
}
