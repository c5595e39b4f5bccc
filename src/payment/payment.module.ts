import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { OrdersModule } from '../orders/orders.module';
import { StoreModule } from '../store/store.module';
import { CancelOpenPaymentsHook } from './cancel-open-payments.hook';
import { PaymentEvent } from './entities/payment-event.entity';
import { Payment } from './entities/payment.entity';
import { RefundLine } from './entities/refund-line.entity';
import { Refund } from './entities/refund.entity';
import { FakePaymentsController } from './fake-payments.controller';
import { PAYMENT_PROVIDERS, PaymentProvider } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PendingPaymentsSweep } from './pending-payments-sweep.service';
import { FakePaymentProvider } from './providers/fake.provider';
import { PaystackPaymentProvider } from './providers/paystack.provider';
import { StripePaymentProvider } from './providers/stripe.provider';
import { OrphanRefundsService } from './orphan-refunds.service';
import { RefundGuardHook } from './refund-guard.hook';
import { RefundLedger } from './refund-ledger';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';
import { WebhooksController } from './webhooks.controller';
import { CryptoDepositScanner } from './crypto/crypto-deposit-scanner.service';
import { CryptoRefundsController } from './crypto/crypto-refunds.controller';
import { CryptoRefundsService } from './crypto/crypto-refunds.service';
import { CryptoPaymentProvider } from './crypto/crypto.provider';

/**
 * Payments through providers behind one interface. A provider is in PAYMENT_PROVIDERS only when
 * configured (fake: PAYMENTS_FAKE=true, refused in production; Stripe: STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET; Paystack: PAYSTACK_SECRET_KEY). Use cases: sessions
 * (PaymentSessionsService), provider events (PaymentsService.applyProviderEvent), refunds
 * (RefundsService, RefundLedger, OrphanRefundsService).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Payment, PaymentEvent, Refund, RefundLine]), OrdersModule, StoreModule],
  controllers: [
    PaymentsController,
    WebhooksController,
    FakePaymentsController,
    RefundsController,
    CryptoRefundsController,
  ],
  providers: [
    {
      provide: PAYMENT_PROVIDERS,
      inject: [AppConfig, CryptoPaymentProvider],
      useFactory: (config: AppConfig, crypto: CryptoPaymentProvider): PaymentProvider[] => {
        const providers: PaymentProvider[] = [];
        if (config.payments.fake && !config.isProduction) providers.push(new FakePaymentProvider(config));
        const { stripe, paystack } = config.payments;
        if (stripe.secretKey && stripe.webhookSecret)
          providers.push(
            new StripePaymentProvider({
              secretKey: stripe.secretKey,
              webhookSecret: stripe.webhookSecret,
              apiUrl: stripe.apiUrl,
            }),
          );
        if (paystack.secretKey)
          providers.push(
            new PaystackPaymentProvider({ secretKey: paystack.secretKey, apiUrl: paystack.apiUrl }),
          );
        if (crypto.enabled) providers.push(crypto);
        else if (config.payments.cryptoOff)
          new Logger('CryptoPaymentProvider').warn(config.payments.cryptoOff);
        return providers;
      },
    },
    PaymentProviders,
    PaymentsService,
    PaymentSessionsService,
    RefundLedger,
    RefundsService,
    OrphanRefundsService,
    PendingPaymentsSweep,
    CancelOpenPaymentsHook,
    RefundGuardHook,
    CryptoPaymentProvider,
    CryptoDepositScanner,
    CryptoRefundsService,
  ],
  exports: [PaymentsService, PaymentSessionsService],
})
export class PaymentModule {}
