import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
}

/** A keep-alive HTTP load generator: `connections` loops issuing GETs back to back for `seconds`. */
export async function load(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(url);
  const deadline = Date.now() + options.seconds * 1000;
  let requests = 0;
  let errors = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: options.headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) requests++;
            else errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  return { requests, errors, seconds, perSecond: requests / seconds } satisfies LoadResult;
}
