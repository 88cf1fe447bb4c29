import { describe, expect, it } from 'vitest';
import { isOffline, offlineNotice } from './offline';

const reachable = async () => new Response(null, { status: 200 });
const gone = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

describe('isOffline', () => {
  it('is offline when the browser says so, or when a page served by its service worker cannot reach its server', async () => {
    expect(await isOffline('/', { onLine: false, controlled: false, fetch: reachable })).toBe(true);
    expect(await isOffline('/', { onLine: true, controlled: true, fetch: gone })).toBe(true);
  });
  it('is online when the page came from the network, or its server answers', async () => {
    const asked: string[] = [];
    expect(await isOffline('/', { onLine: true, controlled: false, fetch: gone })).toBe(false);
    expect(await isOffline('/app/', { onLine: true, controlled: true, fetch: async (u) => (asked.push(u), reachable()) })).toBe(false);
    // The one file never precached, so the answer is the server's.
    expect(asked).toEqual(['/app/sw.js']);
  });
  it('says "offline"', () => {
    expect(offlineNotice()).toMatch(/^Offline\b/);
  });
});
