import { OrderDto } from '../../orders/dto/order.dto';
import { CheckoutPaymentDto } from '../../payment/dto/checkout-payment.dto';

export class CheckoutResultDto {
  order: OrderDto;
  payment: CheckoutPaymentDto;
}
