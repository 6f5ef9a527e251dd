import pg from 'pg';

/**
 * A connection that has answered nothing for this long while reads wait on it is running a long
 * read: new reads go elsewhere rather than queue behind it.
 */
const STALL_MS = 50;
/** Reads queued on one connection before new reads take a pooled connection instead. */
const MAX_IN_FLIGHT = 32;
/** After a failed connection attempt, new ones wait this long (the pool keeps serving meanwhile). */
const RETRY_MS = 1_000;

/** The part of node-postgres's connection that batching needs. */
interface Corkable {
  connection: { stream: { cork(): void; uncork(): void } };
}

/**
 * One pipelined connection: reads are written without waiting for the previous answer and the
 * answers come back in order. Writes made in the same turn of the event loop leave in one write.
 */
class Lane {
  readonly #client: pg.Client;
  /** When each read in flight was sent, oldest first (answers arrive in sending order). */
  readonly #sentAt: number[] = [];
  /** When the last answer came (a read waiting behind others has not started running). */
  #answeredAt = 0;
  #corked = false;
  #retired = false;
  #ended = false;
  usable = false;

  constructor(
    client: pg.Client,
    private readonly retired: (lane: Lane) => void,
  ) {
    this.#client = client;
  }

  get inFlight() {
    return this.#sentAt.length;
  }

  /** Whether a new read should queue here: nothing in flight, or the read running has not run long. */
  accepts(now: number) {
    const oldest = this.#sentAt[0];
    return (
      this.usable &&
      this.#sentAt.length < MAX_IN_FLIGHT &&
      (oldest === undefined || now - Math.max(oldest, this.#answeredAt) < STALL_MS)
    );
  }

  send(query: pg.Query): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#sentAt.push(Date.now());
      (query as unknown as { callback: (error: Error | null, result: unknown) => void }).callback = (
        error,
        result,
      ) => {
        this.#sentAt.shift();
        this.#answeredAt = Date.now();
        // Every read runs in its own implicit transaction; a connection left inside a transaction
        // (a read that sent BEGIN) takes no further reads.
        if (!error && this.#client.getTransactionStatus() !== 'I') this.retire();
        if (this.#retired && this.#sentAt.length === 0) void this.end();
        if (error) reject(error);
        else resolve(result);
      };
      this.#cork();
      this.#client.query(query);
    });
  }

  /** Takes no new reads; the connection closes once those in flight are answered. */
  retire() {
    if (this.#retired) return;
    this.#retired = true;
    this.usable = false;
    this.retired(this);
    if (this.#sentAt.length === 0) void this.end();
  }

  /** Holds this turn's writes and sends them together when the event loop next turns. */
  #cork() {
    if (this.#corked) return;
    const { stream } = (this.#client as unknown as Corkable).connection;
    stream.cork();
    this.#corked = true;
    setImmediate(() => {
      this.#corked = false;
      stream.uncork();
    });
  }

  async end() {
    this.usable = false;
    if (this.#ended) return;
    this.#ended = true;
    await this.#client.end().catch(() => {});
  }
}

export type ReadLane = Pick<Lane, 'send'>;

/**
 * A few pipelined connections beside the pool, for tenant reads (src/db/pg-org-read.ts). Under
 * load many requests' reads share one connection and one write each way instead of taking turns
 * for an exclusive connection: fewer system calls, fewer wake-ups of PostgreSQL, no waiting for
 * the pool (measured in bench/RESULTS.md). A long read would hold up the reads queued behind it, so a
 * connection that has answered nothing for STALL_MS while reads wait on it takes no new ones; when
 * no connection will take a read, `pick` answers undefined and the caller uses a pooled connection.
 */
export class ReadPipeline {
  readonly #lanes: Lane[] = [];
  #opening = 0;
  #retryAt = 0;
  #closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly size: number,
    /** Readies a new connection before it takes reads (named statements it relies on). */
    private readonly prepare: (client: pg.Client) => Promise<void>,
  ) {}

  /** The connection to send one read on, or undefined: use a pooled connection. */
  pick(): ReadLane | undefined {
    if (this.#closed) return undefined;
    const now = Date.now();
    if (this.#lanes.length + this.#opening < this.size && now >= this.#retryAt) void this.#open();
    let best: Lane | undefined;
    for (const lane of this.#lanes)
      if (lane.accepts(now) && (!best || lane.inFlight < best.inFlight)) best = lane;
    return best;
  }

  async #open() {
    this.#opening++;
    const client = new pg.Client({ ...this.config, pipeline: true });
    // A dropped connection errors its reads; the next pick opens a replacement.
    const lane = new Lane(client, (gone) => this.#remove(gone));
    client.on('error', () => lane.retire());
    client.on('end', () => lane.retire());
    try {
      await client.connect();
      await this.prepare(client);
      if (this.#closed) {
        await lane.end();
        return;
      }
      lane.usable = true;
      this.#lanes.push(lane);
    } catch {
      this.#retryAt = Date.now() + RETRY_MS;
      void lane.end();
    } finally {
      this.#opening--;
    }
  }

  #remove(lane: Lane) {
    const at = this.#lanes.indexOf(lane);
    if (at >= 0) this.#lanes.splice(at, 1);
  }

  async close() {
    this.#closed = true;
    await Promise.allSettled(this.#lanes.splice(0).map((lane) => lane.end()));
  }
}

const pipelines = new WeakMap<pg.Pool, ReadPipeline>();

/** Gives a pool its read pipeline; whoever closes the pool closes the pipeline too. */
export function attachReadPipeline(pool: pg.Pool, pipeline: ReadPipeline) {
  pipelines.set(pool, pipeline);
}

export function readPipelineOf(pool: pg.Pool): ReadPipeline | undefined {
  return pipelines.get(pool);
}
