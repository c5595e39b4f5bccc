import { ConfigError } from '../../config/app-config';
import { parseSeedArgs } from './seed.command';

describe('npm run seed arguments', () => {
  it('defaults to the demo shop only', () => {
    expect(parseSeedArgs([])).toEqual({ products: 0, demo: true });
  });
  it('takes --products N or --products=N and --no-demo', () => {
    expect(parseSeedArgs(['--products', '100000'])).toEqual({ products: 100000, demo: true });
    expect(parseSeedArgs(['--products=500', '--no-demo'])).toEqual({ products: 500, demo: false });
  });
  it('refuses bad numbers and unknown flags', () => {
    expect(() => parseSeedArgs(['--products', 'lots'])).toThrow(ConfigError);
    expect(() => parseSeedArgs(['--products', '-1'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--users', '5'])).toThrow(/unknown argument/);
  });
});
