/**
 * How to pay a crypto payment: send `amount` base units of the token at `tokenAddress` on chain
 * `chainId` to `depositAddress` (an ERC-20 `transfer`), before `expiresAt`. `uri` is the same
 * request as EIP-681, for QR codes and mobile wallets. The order is paid once the transfers to
 * the address add up to `amount` and are CRYPTO_CONFIRMATIONS blocks deep.
 */
export class CryptoPaymentDto {
  /** EIP-155 chain id. @example 8453 */
  chainId: number;
  /** The token contract (EIP-55). @example "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913" */
  tokenAddress: string;
  /** This payment's own address: send to it only for this order. @example "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" */
  depositAddress: string;
  /** Exact amount in the token's base units, as a decimal string (uint256). @example "12340000" */
  amount: string;
  /** The token's decimals: amount / 10^decimals is the human amount. @example 6 */
  decimals: number;
  /** The human amount, e.g. what a wallet shows. @example "12.34" */
  displayAmount: string;
  /** Pay before this. */
  expiresAt: string;
  /** EIP-681 request. @example "ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12340000" */
  uri: string;
  /** Base units received in confirmed transfers so far ("received X of Y"). @example "5000000" */
  received: string;
  /** Base units seen in transfers not yet confirmed. @example "0" */
  unconfirmed: string;
  /** Blocks a transfer needs on top of it before it counts. @example 12 */
  confirmations: number;
}
