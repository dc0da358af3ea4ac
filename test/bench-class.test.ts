import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchClass, benchEvent, type BenchClass } from '../bench/support.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * The device benches (bench/ingest.bench.ts, bench/load.bench.ts) measure stored events, so every
 * event they send must pass the device rules: a class running now, devices registered by the city
 * at its site, and each device on its own minutes.
 */
describe('the device benches’ class', () => {
  let d: DemoApp;
  let cls: BenchClass;
  beforeAll(async () => {
    d = await demoApp([]);
    const api = async (path: string, body: unknown, token: string) =>
      (
        await d.app.inject({
          method: 'POST',
          url: path,
          payload: body as object,
          headers: token ? { authorization: token } : {},
        })
      ).json();
    cls = await benchClass(
      api,
      ['320311199409187319', '320211198811034548'],
      [
        { deviceId: 'BENCH-CARD-1', kind: 'card' },
        { deviceId: 'LOAD-FACE-1', kind: 'face_terminal' },
        { deviceId: 'LOAD-FACE-2', kind: 'face_terminal' },
      ],
    );
  }, 120_000);
  afterAll(() => d.close());

  const send = (u: number, events: object[]) =>
    d.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      payload: { events },
      headers: { authorization: `Device ${cls.devices[u].deviceId}:${cls.devices[u].secret}` },
    });

  it('accepts every event of devices sharing the class, each on its own minutes', async () => {
    for (let u = 0; u < 3; u++) {
      const kind = u === 0 ? { method: 'card' } : { method: 'face_terminal', face_score: 0.9 };
      for (let b = 0; b < 2; b++) {
        const events = Array.from({ length: 500 }, (_, i) => ({ ...benchEvent(cls, b * 500 + i, u, 3), ...kind }));
        expect((await send(u, events)).json()).toEqual({ accepted: 500, duplicates: 0, rejected: [] });
      }
    }
  });

  it('holds the ingest bench’s 200,000 events for one device', async () => {
    expect(() => benchEvent(cls, 199_999)).not.toThrow();
    const events = Array.from({ length: 500 }, (_, i) => ({ ...benchEvent(cls, 199_500 + i), method: 'card' }));
    expect((await send(0, events)).json()).toEqual({ accepted: 500, duplicates: 0, rejected: [] });
  });
});
