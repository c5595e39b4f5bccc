import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoreModule } from '../store/store.module';
import { CartController } from './cart.controller';
import { CartService } from './cart.service';
import { CartItem } from './entities/cart-item.entity';
import { Cart } from './entities/cart.entity';
import { GuestCartPurgeService } from './guest-cart-purge.service';

/** Guest and user carts. Exports CartService (checkout reads and clears carts; login merges guest carts). */
@Module({
  imports: [TypeOrmModule.forFeature([Cart, CartItem]), StoreModule],
  controllers: [CartController],
  providers: [CartService, GuestCartPurgeService],
  exports: [CartService],
})
export class CartModule {}
