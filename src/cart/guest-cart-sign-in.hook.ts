import { Injectable, OnModuleInit } from '@nestjs/common';
import { SignInHooks } from '../accounts/sign-in-hooks';
import { CartService } from './cart.service';

/** Logging in or registering with a guest `X-Cart-Token` moves that cart into the user's cart. */
@Injectable()
export class GuestCartSignInHook implements OnModuleInit {
  constructor(
    private readonly hooks: SignInHooks,
    private readonly cart: CartService,
  ) {}

  onModuleInit(): void {
    this.hooks.register('merge-guest-cart', async (userId, { cartToken }) => {
      if (cartToken) await this.cart.mergeGuestCart(cartToken, userId);
    });
  }
}
