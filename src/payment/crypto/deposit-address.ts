import { secp256k1 } from '@noble/curves/secp256k1';
import { HDKey } from '@scure/bip32';
import { bytesToHex, publicKeyToAddress } from 'viem/utils';

/** BIP-32 child indexes below 2^31 are the non-hardened ones, the only ones an xpub can derive. */
export const MAX_ADDRESS_INDEX = 0x7fffffff;

/**
 * The deposit address number `index`: child `0/index` of the merchant's extended public key
 * (BIP-44's external chain when the xpub is the account key m/44'/60'/0'), as an EIP-55
 * address. Only public keys are involved: the server can receive, never spend.
 */
export class DepositAddresses {
  private readonly external: HDKey;

  constructor(xpub: string) {
    const key = HDKey.fromExtendedKey(xpub);
    if (key.privateKey) throw new Error('CRYPTO_XPUB must be an extended public key');
    this.external = key.deriveChild(0);
  }

  address(index: number): `0x${string}` {
    if (!Number.isInteger(index) || index < 0 || index > MAX_ADDRESS_INDEX)
      throw new RangeError(`deposit address index out of range: ${index}`);
    const compressed = this.external.deriveChild(index).publicKey;
    if (!compressed) throw new Error('derivation produced no public key');
    const uncompressed = secp256k1.ProjectivePoint.fromHex(compressed).toRawBytes(false);
    return publicKeyToAddress(bytesToHex(uncompressed));
  }
}
