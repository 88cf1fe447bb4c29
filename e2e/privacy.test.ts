import { describe, expect, it } from 'vitest';
import { foreignRequests } from './requests';

describe('foreignRequests', () => {
  it('keeps only requests that could leave the machine', () => {
    const origin = 'http://127.0.0.1:4000';
    expect(
      foreignRequests(
        [
          'http://127.0.0.1:4000/models/x/model.json',
          'blob:http://127.0.0.1:4000/5d1c',
          'data:image/png;base64,AAA',
          'http://127.0.0.1:4001/other-port',
          'https://cdn.example.com/tfjs.wasm',
          'blob:https://evil.example/1',
        ],
        origin,
      ),
    ).toEqual(['http://127.0.0.1:4001/other-port', 'https://cdn.example.com/tfjs.wasm', 'blob:https://evil.example/1']);
  });
});
