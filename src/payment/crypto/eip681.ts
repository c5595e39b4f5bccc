/**
 * The EIP-681 payment request for an ERC-20 `transfer`: what QR codes and mobile wallets read.
 * `ethereum:<token>@<chainId>/transfer?address=<deposit>&uint256=<amount in base units>`.
 */
export function erc20TransferUri(request: {
  tokenAddress: string;
  chainId: number;
  to: string;
  amount: bigint;
}): string {
  return `ethereum:${request.tokenAddress}@${request.chainId}/transfer?address=${request.to}&uint256=${request.amount.toString()}`;
}
