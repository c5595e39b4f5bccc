/**
 * A local EVM for the crypto payment specs: Hardhat's network (`hardhat node`, from npm, no
 * automine: blocks are mined on demand) behind its JSON-RPC server, plus a pass-through proxy the
 * app talks to, which a test can take down to simulate an RPC outage. The test ERC-20 is deployed
 * from the committed fixture (test/fixtures/evm/TestToken.{sol,json}).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  Address,
  createTestClient,
  defineChain,
  getAddress,
  Hash,
  http,
  publicActions,
  walletActions,
} from 'viem';
import token from '../fixtures/evm/TestToken.json';

const ROOT = join(__dirname, '..', '..');

// Defined here rather than imported from viem/chains, whose type declarations pull browser-only types.
const hardhat = defineChain({
  id: 31337,
  name: 'Hardhat',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:8545'] } },
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export class LocalEvm {
  private proxy!: Server;
  /** false: the proxy answers 503 to everything (the RPC endpoint is down). */
  up = true;
  /** > 0: eth_blockNumber through the proxy answers this many blocks behind (a lagging node of a pool). */
  lag = 0;
  rpcUrl!: string;
  client!: ReturnType<typeof makeClient>;
  accounts!: Address[];
  tokenAddress!: Address;

  private constructor(
    private readonly node: ChildProcess,
    private readonly nodeUrl: string,
  ) {}

  static async start(): Promise<LocalEvm> {
    const port = await freePort();
    // No automine: the tests mine blocks on demand (evm_mine / hardhat_mine), so confirmations are exact.
    // Written inside the project (Hardhat refuses a config it cannot resolve itself from), not committed nor linted.
    await mkdir(join(ROOT, 'node_modules/.cache'), { recursive: true });
    const dir = await mkdtemp(join(ROOT, 'node_modules/.cache/bazaar-evm-'));
    const configFile = join(dir, 'hardhat.config.js');
    await writeFile(
      configFile,
      `module.exports = { networks: { hardhat: { chainId: 31337, mining: { auto: false, interval: 0 }, accounts: { count: 5 } } } };\n`,
    );
    const node = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/hardhat/internal/cli/cli.js'),
        '--config',
        configFile,
        'node',
        '--hostname',
        '127.0.0.1',
        '--port',
        String(port),
      ],
      {
        cwd: dir,
        env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hardhat node did not start:\n${output}`)), 60_000);
      node.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Started HTTP')) {
          clearTimeout(timer);
          resolve();
        }
      });
      node.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      node.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hardhat node exited with ${code}:\n${output}`));
      });
    });
    node.stdout!.resume();
    const evm = new LocalEvm(node, `http://127.0.0.1:${port}`);
    await evm.startProxy();
    evm.client = makeClient(evm.nodeUrl);
    evm.accounts = (await evm.client.getAddresses()).map((a) => getAddress(a));
    evm.tokenAddress = await evm.deployToken();
    return evm;
  }

  private async startProxy(): Promise<void> {
    this.proxy = createServer((req, res) => {
      if (!this.up) {
        req.resume();
        res.writeHead(503, { 'content-type': 'text/plain' }).end('RPC endpoint down');
        return;
      }
      if (this.lag > 0) {
        void this.lagging(req, res);
        return;
      }
      const upstream = request(this.nodeUrl, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    this.proxy.listen(0, '127.0.0.1');
    await once(this.proxy, 'listening');
    this.rpcUrl = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
  }

  /** Answers one JSON-RPC call (viem sends them one by one) with the head `lag` blocks back. */
  private async lagging(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call = JSON.parse(Buffer.concat(chunks).toString()) as {
      id: number;
      method: string;
      params?: unknown[];
    };
    let result: unknown;
    try {
      result =
        call.method === 'eth_blockNumber'
          ? `0x${((await this.client.getBlockNumber({ cacheTime: 0 })) - BigInt(this.lag)).toString(16)}`
          : await this.client.request({ method: call.method, params: call.params } as never);
    } catch (err) {
      res.writeHead(500).end(String(err));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result }));
  }

  private async deployToken(): Promise<Address> {
    const hash = await this.client.deployContract({
      abi: token.abi,
      bytecode: token.bytecode as `0x${string}`,
      account: this.accounts[0],
      chain: hardhat,
      args: ['Test USD', 'TUSD', 6, 10n ** 15n],
    });
    await this.mine(1);
    const receipt = await this.client.getTransactionReceipt({ hash });
    // Every test account gets some tokens to pay with.
    for (const to of this.accounts.slice(1))
      await this.sendToken(this.accounts[0], to, 10n ** 12n, receipt.contractAddress!);
    await this.mine(1);
    return getAddress(receipt.contractAddress!);
  }

  /** Sends an ERC-20 transfer (into the mempool: call mine() to include it). */
  sendToken(
    from: Address,
    to: string,
    amount: bigint,
    tokenAddress: Address = this.tokenAddress,
  ): Promise<Hash> {
    return this.client.writeContract({
      address: tokenAddress,
      abi: token.abi,
      functionName: 'transfer',
      args: [getAddress(to), amount],
      account: from,
      chain: hardhat,
    });
  }

  async balanceOf(address: string): Promise<bigint> {
    return (await this.client.readContract({
      address: this.tokenAddress,
      abi: token.abi,
      functionName: 'balanceOf',
      args: [getAddress(address)],
    })) as bigint;
  }

  async mine(blocks: number): Promise<void> {
    await this.client.mine({ blocks });
  }

  snapshot(): Promise<`0x${string}`> {
    return this.client.snapshot();
  }

  revert(id: `0x${string}`): Promise<void> {
    return this.client.revert({ id });
  }

  async stop(): Promise<void> {
    this.proxy?.close();
    this.proxy?.closeAllConnections();
    if (this.node.exitCode === null) {
      this.node.kill('SIGTERM');
      await once(this.node, 'exit');
    }
    if (this.node.spawnargs[3])
      await rm(join(this.node.spawnargs[3], '..'), { recursive: true, force: true });
  }
}

function makeClient(url: string) {
  return createTestClient({ chain: hardhat, mode: 'hardhat', transport: http(url) })
    .extend(publicActions)
    .extend(walletActions);
}
