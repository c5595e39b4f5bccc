import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { OrdersModule } from '../orders/orders.module';
import { CancelOpenPaymentsHook } from './cancel-open-payments.hook';
import { PaymentEvent } from './entities/payment-event.entity';
import { Payment } from './entities/payment.entity';
import { FakePaymentsController } from './fake-payments.controller';
import { PAYMENT_PROVIDERS, PaymentProvider } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { FakePaymentProvider } from './providers/fake.provider';
import { OrphanRefundsService } from './orphan-refunds.service';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';
import { CryptoDepositScanner } from './crypto/crypto-deposit-scanner.service';
import { CryptoRefundsController } from './crypto/crypto-refunds.controller';
import { CryptoRefundsService } from './crypto/crypto-refunds.service';
import { CryptoPaymentProvider } from './crypto/crypto.provider';

/**
 * Payments through providers behind one interface. A provider is in PAYMENT_PROVIDERS only when
 * configured (fake: PAYMENTS_FAKE=true, refused in production; Stripe/Paystack: keys present).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Payment, PaymentEvent]), OrdersModule],
  controllers: [PaymentsController, FakePaymentsController, RefundsController, CryptoRefundsController],
  providers: [
    {
      provide: PAYMENT_PROVIDERS,
      inject: [AppConfig, CryptoPaymentProvider],
      useFactory: (config: AppConfig, crypto: CryptoPaymentProvider): PaymentProvider[] => {
        const providers: PaymentProvider[] = [];
        if (config.payments.fake && !config.isProduction) providers.push(new FakePaymentProvider(config));
        if (crypto.enabled) providers.push(crypto);
        else if (config.payments.cryptoOff)
          new Logger('CryptoPaymentProvider').warn(config.payments.cryptoOff);
        return providers;
      },
    },
    PaymentProviders,
    PaymentsService,
    RefundsService,
    OrphanRefundsService,
    CancelOpenPaymentsHook,
    CryptoPaymentProvider,
    CryptoDepositScanner,
    CryptoRefundsService,
  ],
  exports: [PaymentsService],
})
export class PaymentModule {}
