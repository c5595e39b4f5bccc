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
 * A JSON-RPC call failed (endpoint down, timeout, rate limit, node error), told without the
 * endpoint: CRYPTO_RPC_URL is a secret (providers put the API key in its path), and this message
 * reaches logs, the payment's failure reason and a checkout's 502. No `cause`: viem's errors
 * print the URL.
 */
export class ChainRpcError extends Error {
  constructor(call: string, detail: string) {
    super(`${call} failed: ${detail}`);
    this.name = 'ChainRpcError';
  }
}

/** viem's error, shortened, with any URL and any piece of the RPC URL's path or query taken out. */
export function describeRpcError(err: unknown, rpcUrl: string): string {
  const e = (err ?? {}) as { shortMessage?: unknown; status?: unknown; details?: unknown };
  const parts = [typeof e.shortMessage === 'string' ? e.shortMessage : 'request failed'];
  if (typeof e.status === 'number') parts.push(`HTTP ${e.status}`);
  if (typeof e.details === 'string' && e.details) parts.push(e.details);
  let text = parts.join(' ').replace(/\s+/g, ' ');
  let secrets: string[] = [rpcUrl];
  try {
    const url = new URL(rpcUrl);
    secrets = [rpcUrl, url.host + url.pathname, ...`${url.pathname}${url.search}`.split(/[/?&=]/)];
  } catch {
    // not a URL (config validates it is): the whole string is redacted
  }
  for (const secret of secrets.filter((x) => x.length >= 6)) text = text.split(secret).join('[redacted]');
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]').slice(0, 200);
}

/**
 * The chain as the crypto provider sees it, through viem's JSON-RPC client: the head, and the
 * token's Transfer logs to given addresses. Errors (endpoint down, rate limited) propagate as
 * ChainRpcError: the scan fails and is retried; nothing is recorded from a partial read.
 */
export class ChainClient {
  private readonly client: PublicClient;

  constructor(private readonly settings: CryptoSettings) {
    this.client = createPublicClient({
      transport: http(settings.rpcUrl, { timeout: 10_000, retryCount: 1, retryDelay: 200 }),
    });
  }

  chainId(): Promise<number> {
    return this.rpc('eth_chainId', () => this.client.getChainId());
  }

  head(): Promise<bigint> {
    return this.rpc('eth_blockNumber', () => this.client.getBlockNumber({ cacheTime: 0 }));
  }

  private async rpc<T>(call: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new ChainRpcError(call, describeRpcError(err, this.settings.rpcUrl));
    }
  }

  /** Transfer logs of the token to any of `to`, in [fromBlock, toBlock], batched by range and address. */
  async transfersTo(to: readonly string[], fromBlock: bigint, toBlock: bigint): Promise<TransferLog[]> {
    const out: TransferLog[] = [];
    const addresses = to.map((a) => getAddress(a));
    for (let start = fromBlock; start <= toBlock; start += LOG_BLOCK_RANGE) {
      const end = start + LOG_BLOCK_RANGE - 1n < toBlock ? start + LOG_BLOCK_RANGE - 1n : toBlock;
      for (let i = 0; i < addresses.length; i += LOG_ADDRESS_BATCH) {
        const logs = await this.rpc('eth_getLogs', () =>
          this.client.getLogs({
            address: this.settings.tokenAddress as `0x${string}`,
            event: TRANSFER_EVENT,
            args: { to: addresses.slice(i, i + LOG_ADDRESS_BATCH) as `0x${string}`[] },
            fromBlock: start,
            toBlock: end,
            strict: true,
          }),
        );
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
