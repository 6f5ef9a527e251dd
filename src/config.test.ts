import { describe, expect, it } from 'vitest';
import { loadConfig, withPort } from './config.ts';

describe('withPort', () => {
  it('moves a derived base URL to the new port', () => {
    const config = withPort(loadConfig({ PORT: '0' }), 4321);
    expect(config.port).toBe(4321);
    expect(config.baseUrl).toBe('http://127.0.0.1:4321');
  });

  it('keeps a base URL that was set explicitly', () => {
    const config = withPort(loadConfig({ PORT: '0', ORDO_BASE_URL: 'https://books.acme.example' }), 4321);
    expect(config.baseUrl).toBe('https://books.acme.example');
  });
});
