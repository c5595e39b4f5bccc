import { HttpRequestError, RpcRequestError, TimeoutError } from 'viem';
import { describeRpcError } from './chain-client';

describe('RPC errors are told without the endpoint (CRYPTO_RPC_URL is a secret)', () => {
  const rpcUrl = 'https://base-mainnet.example-rpc.io/v2/Zk3-secret-key-0123?token=also-secret-456';

  it('keeps what failed and drops the URL, its path and its query', () => {
    const http = new HttpRequestError({
      url: rpcUrl,
      status: 429,
      body: { method: 'eth_getLogs' },
      details: `rate limited for ${rpcUrl}`,
    });
    expect(http.message).toContain('Zk3-secret-key-0123'); // what viem itself would print
    const told = describeRpcError(http, rpcUrl);
    expect(told).toMatch(/^HTTP request failed\. HTTP 429 rate limited for/);
    for (const secret of ['Zk3-secret-key-0123', 'also-secret-456', 'example-rpc.io'])
      expect(told).not.toContain(secret);

    const node = new RpcRequestError({
      body: { method: 'eth_getLogs' },
      error: { code: -32005, message: 'query returned more than 10000 results' },
      url: rpcUrl,
    });
    expect(describeRpcError(node, rpcUrl)).toBe('RPC Request failed. query returned more than 10000 results');
    const slow = new TimeoutError({ body: { method: 'eth_blockNumber' }, url: rpcUrl });
    expect(describeRpcError(slow, rpcUrl)).not.toContain('secret');
    expect(describeRpcError(new Error(`connect ECONNREFUSED ${rpcUrl}`), rpcUrl)).toBe('request failed');
  });
});
