import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { StoreModule } from '../store/store.module';
import { CartController } from './cart.controller';
import { CartDeliveryPreview } from './cart-delivery-preview';
import { CartService } from './cart.service';
import { CartItem } from './entities/cart-item.entity';
import { Cart } from './entities/cart.entity';
import { GuestCartPurgeService } from './guest-cart-purge.service';
import { GuestCartSignInHook } from './guest-cart-sign-in.hook';

/** Guest and user carts. Exports CartService (checkout reads and clears carts; login merges guest carts). */
@Module({
  imports: [TypeOrmModule.forFeature([Cart, CartItem]), AccountsModule, StoreModule],
  controllers: [CartController],
  providers: [CartService, GuestCartPurgeService, GuestCartSignInHook, CartDeliveryPreview],
  exports: [CartService, CartDeliveryPreview],
})
export class CartModule {}
