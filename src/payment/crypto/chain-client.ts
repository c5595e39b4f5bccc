import { createPublicClient, getAddress, http, parseAbiItem, PublicClient } from 'viem';
import type { CryptoSettings } from '../../config/app-config';

export const TRANSFER_EVENT = parseAbiItem(
  'event Transfer(address indexed from, address indexed to, uint256 value)',
);

/** One ERC-20 Transfer log, decoded. */
export interface TransferLog {
  /** `chainId:txHash:logIndex`: unique per log, the event id everywhere. */
  id: string;
  blockNumber: bigint;
  blockHash: string;
  txHash: string;
  logIndex: number;
  from: string;
  to: string;
  value: bigint;
}

/** Blocks one eth_getLogs call spans at most (public RPCs cap ranges, often at a few thousand). */
export const LOG_BLOCK_RANGE = 2_000n;
/** Deposit addresses one eth_getLogs call filters on (topic OR-lists are capped too). */
export const LOG_ADDRESS_BATCH = 100;

/**
 * The chain as the crypto provider sees it, through viem's JSON-RPC client: the head, and the
 * token's Transfer logs to given addresses. Errors (endpoint down, rate limited) propagate: the
 * scan fails and is retried; nothing is recorded from a partial read.
 */
export class ChainClient {
  private readonly client: PublicClient;

  constructor(private readonly settings: CryptoSettings) {
    this.client = createPublicClient({
      transport: http(settings.rpcUrl, { timeout: 10_000, retryCount: 1, retryDelay: 200 }),
    });
  }

  async chainId(): Promise<number> {
    return this.client.getChainId();
  }

  async head(): Promise<bigint> {
    return this.client.getBlockNumber({ cacheTime: 0 });
  }

  /** Transfer logs of the token to any of `to`, in [fromBlock, toBlock], batched by range and address. */
  async transfersTo(to: readonly string[], fromBlock: bigint, toBlock: bigint): Promise<TransferLog[]> {
    const out: TransferLog[] = [];
    const addresses = to.map((a) => getAddress(a));
    for (let start = fromBlock; start <= toBlock; start += LOG_BLOCK_RANGE) {
      const end = start + LOG_BLOCK_RANGE - 1n < toBlock ? start + LOG_BLOCK_RANGE - 1n : toBlock;
      for (let i = 0; i < addresses.length; i += LOG_ADDRESS_BATCH) {
        const logs = await this.client.getLogs({
          address: this.settings.tokenAddress as `0x${string}`,
          event: TRANSFER_EVENT,
          args: { to: addresses.slice(i, i + LOG_ADDRESS_BATCH) as `0x${string}`[] },
          fromBlock: start,
          toBlock: end,
          strict: true,
        });
        for (const log of logs) {
          // A pending log (no block yet) or a removed one carries no settled position: skip it.
          if (log.removed || log.blockNumber === null || log.logIndex === null || !log.transactionHash)
            continue;
          out.push({
            id: `${this.settings.chainId}:${log.transactionHash.toLowerCase()}:${log.logIndex}`,
            blockNumber: log.blockNumber,
            blockHash: log.blockHash,
            txHash: log.transactionHash.toLowerCase(),
            logIndex: log.logIndex,
            from: getAddress(log.args.from),
            to: getAddress(log.args.to),
            value: log.args.value,
          });
        }
      }
    }
    return out;
  }
}
